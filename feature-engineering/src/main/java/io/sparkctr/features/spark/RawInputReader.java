package io.sparkctr.features.spark;

import io.sparkctr.features.config.InputFormat;
import io.sparkctr.features.config.InputSpec;
import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.config.TimestampSpec;
import io.sparkctr.features.parse.LineDecoder;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.RecordParser;
import io.sparkctr.features.parse.TimestampParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.FractionalType;
import scala.Tuple2;

/**
 * Reads CSV/TSV (with or without header) through Hadoop's TextInputFormat, so every record keeps its
 * file and byte offset for the quarantine, or Parquet through Spark SQL. With {@code input.multiline}
 * each file is one split and the lines of a record whose quoted field holds line breaks are joined
 * (with {@code \n}); the record keeps the offset of its first line. Column layout is checked
 * against the schema on the driver before any row is read.
 */
public final class RawInputReader {
  private static final long MIN_SPLIT_BYTES = 4L << 20;
  private static final long MAX_SPLIT_BYTES = 128L << 20;
  private static final int SPLITS_PER_CORE = 4;
  /** A quoted record still open after this many lines is parsed as it stands (and reported unterminated). */
  static final int MAX_RECORD_LINES = 10_000;

  private RawInputReader() {}

  public static RawInput read(SparkSession spark, InputSpec input, SchemaSpec schema) {
    return read(spark, input, schema, false);
  }

  /**
   * @param scoring read logs to score: the label column may be absent (records then carry
   *     {@link RecordParser#NO_LABEL})
   */
  public static RawInput read(SparkSession spark, InputSpec input, SchemaSpec schema, boolean scoring) {
    InputFiles files = InputFiles.resolve(input.path(), spark.sparkContext().hadoopConfiguration());
    if (schema.timestamp().isFileDay()) {
      TimestampParser days = new TimestampParser(schema.timestamp());
      for (Path p : files.paths()) {
        try {
          days.parseFileDay(p.getName());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Cannot read input " + p + ": schema.timestamp.format is file-day and "
              + e.getMessage());
        }
      }
    }
    return input.format() == InputFormat.PARQUET ? parquet(spark, input, schema, files, scoring)
        : text(spark, input, schema, files, scoring);
  }

  private static RawInput text(SparkSession spark, InputSpec input, SchemaSpec schema, InputFiles files,
                               boolean scoring) {
    List<String> columns = input.header() ? files.header(input.separator(), input.quoteChar()) : input.columns();
    RecordParser parser = parser(columns, input.separator(), input, schema, scoring);
    boolean skipHeader = input.header();
    boolean multiline = input.multiline() && input.quoteChar() != RecordParser.NO_QUOTE;
    Job job;
    try {
      job = Job.getInstance(spark.sparkContext().hadoopConfiguration());
      FileInputFormat.setInputPaths(job, files.paths());
      // logs are time-ordered, so a split's rows are too: small splits spread each time range
      // (and so each train/validation/test write) over all cores
      long target = Math.max(MIN_SPLIT_BYTES, files.totalBytes() / (SPLITS_PER_CORE * spark.sparkContext()
          .defaultParallelism()));
      if (multiline) {
        // a record may span lines, so a split boundary could fall inside it: one split per file
        FileInputFormat.setMinInputSplitSize(job, Long.MAX_VALUE);
      } else if (job.getConfiguration().get(FileInputFormat.SPLIT_MAXSIZE) == null) {
        FileInputFormat.setMaxInputSplitSize(job, Math.min(target, MAX_SPLIT_BYTES));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read input " + input.path() + ": " + e.getMessage(), e);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopRDD(
        job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
    JavaRDD<ParseOutcome> outcomes = lines.mapPartitionsWithInputSplit((split, it) -> {
      String file = ((FileSplit) split).getPath().toString();
      LineDecoder decoder = new LineDecoder(parser);
      return new Iterator<ParseOutcome>() {
        private Tuple2<LongWritable, Text> next = advance();

        private Tuple2<LongWritable, Text> advance() {
          try {
            while (it.hasNext()) {
              Tuple2<LongWritable, Text> t = it.next();
              if (!(skipHeader && t._1().get() == 0L)) {
                return t;
              }
            }
            return null;
          } catch (Exception e) { // Hadoop's IOException arrives undeclared through Scala
            throw new UnreadableInputException(file, e);
          }
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public ParseOutcome next() {
          Text line = next._2();
          long offset = next._1().get();
          if (!multiline) {
            ParseOutcome o = decoder.parse(line.getBytes(), line.getLength(), file, offset);
            next = advance();
            return o;
          }
          // a record whose quoted field holds line breaks continues on the next lines (the Text is reused)
          byte[] record = Arrays.copyOf(line.getBytes(), line.getLength());
          String probe = new String(record, StandardCharsets.UTF_8);
          next = advance();
          for (int lines = 1; next != null && lines < MAX_RECORD_LINES && parser.continuesOnNextLine(probe); lines++) {
            Text more = next._2();
            byte[] joined = Arrays.copyOf(record, record.length + 1 + more.getLength());
            joined[record.length] = '\n';
            System.arraycopy(more.getBytes(), 0, joined, record.length + 1, more.getLength());
            probe = probe + "\n" + new String(more.getBytes(), 0, more.getLength(), StandardCharsets.UTF_8);
            record = joined;
            next = advance();
          }
          return decoder.parse(record, record.length, file, offset);
        }
      };
    }, false);
    long headers = skipHeader ? files.nonEmpty().size() : 0;
    return new RawInput(outcomes, parser, headers, files.count());
  }

  private static RawInput parquet(SparkSession spark, InputSpec input, SchemaSpec schema, InputFiles files,
                                  boolean scoring) {
    String[] paths = Arrays.stream(files.paths()).map(Object::toString).toArray(String[]::new);
    Dataset<Row> df = spark.read().parquet(paths);
    // checks the declared columns against the Parquet schema, naming what is absent
    parser(Arrays.asList(df.columns()), ',', input, schema, scoring);
    List<String> columns = schema.requiredColumns().stream()
        .filter(c -> !scoring || !c.equals(schema.label()) || Arrays.asList(df.columns()).contains(c)).toList();
    List<Column> select = new ArrayList<>();
    boolean[] isList = new boolean[columns.size()];
    for (String c : columns) {
      DataType type = df.schema().apply(c).dataType();
      Column col = functions.col(c);
      if (type instanceof ArrayType) {
        // a multi-valued field (or its weights) as a Parquet array: items as text, null items missing
        isList[select.size()] = true;
        select.add(col.cast(DataTypes.createArrayType(DataTypes.StringType)));
        continue;
      }
      if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.DateType)) {
        col = col.cast(DataTypes.TimestampType).cast(DataTypes.LongType); // epoch seconds
      }
      if (c.equals(schema.label()) && (type instanceof FractionalType || type instanceof DecimalType)) {
        // a typed 0.0 / 1.0 is the label 0 / 1; any other value keeps its text and is a bad-label
        col = functions.when(col.equalTo(0).or(col.equalTo(1)), col.cast(DataTypes.IntegerType)
            .cast(DataTypes.StringType)).otherwise(col.cast(DataTypes.StringType));
      }
      select.add(col.cast(DataTypes.StringType));
    }
    select.add(functions.input_file_name());
    RecordParser parser = parser(columns, ',', input, schemaForParquet(df, schema), scoring);
    int n = columns.size();
    JavaRDD<ParseOutcome> outcomes = df.select(select.toArray(new Column[0])).javaRDD()
        .mapPartitionsWithIndex((partition, it) -> new Iterator<ParseOutcome>() {
          private long row = 0;

          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public ParseOutcome next() {
            Row r = it.next();
            String[] fields = new String[n];
            String[][] lists = null;
            for (int i = 0; i < n; i++) {
              if (isList[i]) {
                lists = lists == null ? new String[n][] : lists;
                List<String> l = r.isNullAt(i) ? List.of() : r.getList(i);
                lists[i] = l.toArray(new String[0]);
              } else {
                fields[i] = r.getString(i);
              }
            }
            long position = ((long) partition << 40) | row;
            String location = "partition " + partition + " row " + row++;
            return parser.parseFields(fields, lists, r.mkString(","), r.getString(n), location, position);
          }
        }, false);
    return new RawInput(outcomes, parser, 0, files.count());
  }

  private static RecordParser parser(List<String> columns, char separator, InputSpec input, SchemaSpec schema,
                                     boolean scoring) {
    String source = "input " + input.path();
    char quote = input.quoteChar();
    return scoring ? RecordParser.forScoring(columns, separator, quote, input.missingValues(), schema, source)
        : new RecordParser(columns, separator, quote, input.missingValues(), schema, source);
  }

  /** A timestamp column stored as a Parquet timestamp arrives as epoch seconds. */
  private static SchemaSpec schemaForParquet(Dataset<Row> df, SchemaSpec schema) {
    if (schema.timestamp().isFileDay()) {
      return schema;
    }
    DataType type = df.schema().apply(schema.timestamp().field()).dataType();
    if (!type.equals(DataTypes.TimestampType) && !type.equals(DataTypes.DateType)) {
      return schema;
    }
    return new SchemaSpec(schema.label(), schema.id(), schema.group(), schema.categorical(), schema.numeric(),
        schema.timestamp().withFormat(TimestampSpec.EPOCH_SECONDS), schema.multiValued());
  }
}
