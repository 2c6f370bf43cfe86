package io.sparkctr.training.tables.sharded;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sparkctr.models.tables.sharded.ShardMap;
import io.sparkctr.models.tables.sharded.ShardPeers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Requests to the other shards' table servers: one TCP connection per peer (opened on first use,
 * reopened after a failure), many requests in flight on it, answers matched by request id. Every
 * request has a deadline: a peer that does not answer in time, refuses the connection or drops it
 * fails the request with a message naming its shard, executor and address — never a hang.
 * Thread-safe. Counts the bytes it sends and receives (frames, including their length prefix).
 */
final class ShardClient implements ShardPeers, AutoCloseable {
  private final ShardMap map;
  private final Duration timeout;
  private final EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("sparkctr-table-client", true));
  private final Channel[] channels;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  final AtomicLong bytesOut = new AtomicLong();
  final AtomicLong bytesIn = new AtomicLong();
  final AtomicLong requests = new AtomicLong();
  /** Nanoseconds callers spent in {@link #await}. */
  final AtomicLong waitNanos = new AtomicLong();

  private record Pending(int shard, CompletableFuture<float[]> answer) {}

  ShardClient(ShardMap map, Duration timeout) {
    this.map = map;
    this.timeout = timeout;
    this.channels = new Channel[map.size()];
  }

  /** Sends a request built by {@code body(request id, allocator)} to {@code shard}; the answer's floats. */
  CompletableFuture<float[]> send(int shard, BiFunction<Long, io.netty.buffer.ByteBufAllocator, ByteBuf> body) {
    long id = ids.incrementAndGet();
    CompletableFuture<float[]> answer = new CompletableFuture<>();
    pending.put(id, new Pending(shard, answer));
    try {
      Channel ch = channel(shard);
      ByteBuf request = body.apply(id, ch.alloc());
      bytesOut.addAndGet(4L + request.readableBytes());
      requests.incrementAndGet();
      ch.writeAndFlush(request).addListener(f -> {
        if (!f.isSuccess()) {
          fail(id, "cannot send: " + f.cause());
        }
      });
    } catch (RuntimeException e) {
      fail(id, e.getMessage());
    }
    return answer;
  }

  @Override
  public CompletableFuture<float[]> pull(int shard, String table, long[] ids, int count) {
    return send(shard, (request, alloc) -> Wire.pull(alloc, request, table, ids, count));
  }

  @Override
  public CompletableFuture<float[]> push(int shard, String table, int examples, long[] ids, float[] grads, int count,
                                         int dim) {
    return send(shard, (request, alloc) -> Wire.push(alloc, request, table, examples, ids, grads, count, dim));
  }

  @Override
  public float[] await(CompletableFuture<float[]> answer, int shard, String what) {
    long t0 = System.nanoTime();
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.values().removeIf(p -> p.answer == answer);
      throw new IllegalStateException("Cannot " + what + " on " + map.describe(shard) + ": no answer within "
          + timeout.toMillis() + " ms (executor lost or overloaded? sparkctr.training.table-timeout)");
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot " + what + " on " + map.describe(shard) + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot " + what + " on " + map.describe(shard) + ": interrupted", e);
    } finally {
      waitNanos.addAndGet(System.nanoTime() - t0);
    }
  }

  private synchronized Channel channel(int shard) {
    Channel ch = channels[shard];
    if (ch != null && ch.isActive()) {
      return ch;
    }
    int connectMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    var connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel c) {
            Wire.frame(c.pipeline());
            c.pipeline().addLast(new Answers(shard));
          }
        }).connect(map.host(shard), map.port(shard));
    if (!connect.awaitUninterruptibly(connectMillis + 1000L) || !connect.isSuccess()) {
      connect.channel().close();
      throw new IllegalStateException("cannot connect: " + (connect.cause() == null ? "timed out" : connect.cause()));
    }
    channels[shard] = connect.channel();
    return channels[shard];
  }

  private void fail(long id, String message) {
    Pending p = pending.remove(id);
    if (p != null) {
      p.answer.completeExceptionally(new IllegalStateException(message));
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      for (Channel ch : channels) {
        if (ch != null) {
          ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
      }
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    pending.keySet().forEach(id -> fail(id, "the table client was closed"));
  }

  private final class Answers extends SimpleChannelInboundHandler<ByteBuf> {
    private final int shard;

    Answers(int shard) {
      this.shard = shard;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf in) {
      bytesIn.addAndGet(4L + in.readableBytes());
      long id = in.readLong();
      byte status = in.readByte();
      Pending p = pending.remove(id);
      if (p == null) {
        return;  // answered after its deadline
      }
      if (status == Wire.OK) {
        p.answer.complete(Wire.floats(in, in.readInt()));
      } else {
        p.answer.completeExceptionally(new IllegalStateException(Wire.string(in)));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      pending.forEach((id, p) -> {
        if (p.shard == shard) {
          fail(id, "the connection was closed");
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
