package io.sparkctr.training.tables.sharded;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.nio.charset.StandardCharsets;

/**
 * The table servers' protocol. Every frame is a 4-byte big-endian length, then:
 * <pre>
 *   request  : long request id · byte op · short n + n UTF-8 bytes (table) · body
 *     PULL   : int count · count × long global row id
 *     PUSH   : int examples · int count · count × long id · count × dim float
 *   response : long request id · byte status · body
 *     OK     : int n · n floats (PULL: the rows in request order; PUSH: none, an acknowledgement)
 *     ERROR  : short n + n UTF-8 bytes (the owner's message)
 * </pre>
 * Requests on one connection are answered in any order, matched by id.
 */
final class Wire {
  static final byte PULL = 1;
  static final byte PUSH = 2;
  static final byte OK = 0;
  static final byte ERROR = 1;
  /** Largest frame: 256 MiB (a minibatch pulls far less; the limit only stops garbage). */
  static final int MAX_FRAME = 256 << 20;

  private Wire() {}

  /** Length-prefixed framing on both sides. */
  static void frame(ChannelPipeline p) {
    p.addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4));
    p.addLast(new LengthFieldPrepender(4));
  }

  static ByteBuf pull(ByteBufAllocator alloc, long request, String table, long[] ids, int count) {
    byte[] name = table.getBytes(StandardCharsets.UTF_8);
    ByteBuf b = alloc.buffer(8 + 1 + 2 + name.length + 4 + 8 * count);
    b.writeLong(request).writeByte(PULL).writeShort(name.length).writeBytes(name).writeInt(count);
    for (int i = 0; i < count; i++) {
      b.writeLong(ids[i]);
    }
    return b;
  }

  static ByteBuf push(ByteBufAllocator alloc, long request, String table, int examples, long[] ids, float[] grads,
                      int count, int dim) {
    byte[] name = table.getBytes(StandardCharsets.UTF_8);
    ByteBuf b = alloc.buffer(8 + 1 + 2 + name.length + 8 + 8 * count + 4 * count * dim);
    b.writeLong(request).writeByte(PUSH).writeShort(name.length).writeBytes(name);
    b.writeInt(examples).writeInt(count);
    for (int i = 0; i < count; i++) {
      b.writeLong(ids[i]);
    }
    for (int i = 0; i < count * dim; i++) {
      b.writeFloat(grads[i]);
    }
    return b;
  }

  static ByteBuf ok(ByteBufAllocator alloc, long request, float[] values, int n) {
    ByteBuf b = alloc.buffer(8 + 1 + 4 + 4 * n);
    b.writeLong(request).writeByte(OK).writeInt(n);
    for (int i = 0; i < n; i++) {
      b.writeFloat(values[i]);
    }
    return b;
  }

  static ByteBuf error(ByteBufAllocator alloc, long request, String message) {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    int len = Math.min(m.length, Short.MAX_VALUE);
    ByteBuf b = alloc.buffer(8 + 1 + 2 + len);
    return b.writeLong(request).writeByte(ERROR).writeShort(len).writeBytes(m, 0, len);
  }

  static String string(ByteBuf b) {
    int n = b.readUnsignedShort();
    String s = b.toString(b.readerIndex(), n, StandardCharsets.UTF_8);
    b.skipBytes(n);
    return s;
  }

  static long[] longs(ByteBuf b, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = b.readLong();
    }
    return out;
  }

  static float[] floats(ByteBuf b, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = b.readFloat();
    }
    return out;
  }
}
