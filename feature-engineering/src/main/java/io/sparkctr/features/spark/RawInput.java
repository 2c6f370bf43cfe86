package io.sparkctr.features.spark;

import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.RecordParser;
import org.apache.spark.api.java.JavaRDD;

/**
 * Raw rows of the input, parsed (lazily) into records or quarantined rows.
 *
 * @param outcomes one outcome per data row (header lines excluded)
 * @param parser the parser with the resolved column layout
 * @param headerLines header lines skipped (one per non-empty text file with header)
 * @param files number of input files
 */
public record RawInput(JavaRDD<ParseOutcome> outcomes, RecordParser parser, long headerLines, int files) {}
