package io.sparkctr.training.tables.sharded;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.sharded.ShardMap;
import io.sparkctr.models.tables.sharded.ShardedTables;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One executor's table server (Netty, TCP): answers PULL and PUSH requests ({@link Wire}) for the
 * rows its shard owns. It listens from {@link #ShardServer construction} and serves once
 * {@link #serve} gave it its shards; {@link #close} releases the port (synchronously).
 */
final class ShardServer implements AutoCloseable {
  private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("sparkctr-table-accept", true));
  private final EventLoopGroup workers = new NioEventLoopGroup(2, new DefaultThreadFactory("sparkctr-table-server",
      true));
  private final Channel channel;
  private final String where;
  private volatile Serving serving;

  /** What the server serves: its shard number in the map, and its shard of each table. */
  private record Serving(ShardMap map, int me, ShardedTables owned, Map<String, LocalTable> shards) {}

  /** Binds {@code host:port} ({@link TableServerUnavailable} with the address when it is taken). */
  ShardServer(String host, int port) {
    this.where = host + ":" + port;
    try {
      channel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              Wire.frame(ch.pipeline());
              ch.pipeline().addLast(new Handler());
            }
          }).bind(host, port).sync().channel();
    } catch (Exception e) {  // BindException arrives undeclared through sync()
      shutdown();
      throw new TableServerUnavailable(where, e);
    }
  }

  String address() {
    return where;
  }

  /** Serves {@code owned}'s shards, shard {@code me} of {@code map}. */
  void serve(ShardMap map, int me, ShardedTables owned) {
    serving = new Serving(map, me, owned, Map.copyOf(owned.shards()));
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
    shutdown();
  }

  private void shutdown() {
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf in) {
      long request = in.readLong();
      ByteBuf out;
      try {
        out = answer(ctx, request, in);
      } catch (RuntimeException e) {
        out = Wire.error(ctx.alloc(), request, "table server " + where + ": " + e.getMessage());
      }
      ctx.writeAndFlush(out);
    }

    private ByteBuf answer(ChannelHandlerContext ctx, long request, ByteBuf in) {
      byte op = in.readByte();
      String name = Wire.string(in);
      Serving s = serving;
      if (s == null) {
        throw new IllegalStateException("Cannot serve table '" + name + "': this server has no shards yet");
      }
      LocalTable shard = s.shards.get(name);
      if (shard == null) {
        throw new IllegalArgumentException("Cannot serve table '" + name + "': this shard holds " + s.shards.keySet());
      }
      int dim = shard.dim();
      if (op == Wire.PULL) {
        int count = in.readInt();
        long[] ids = local(s, Wire.longs(in, count));
        float[] rows = new float[count * dim];
        shard.gather(ids, count, rows);
        return Wire.ok(ctx.alloc(), request, rows, rows.length);
      }
      if (op == Wire.PUSH) {
        int examples = in.readInt();
        int count = in.readInt();
        long[] ids = local(s, Wire.longs(in, count));
        float[] grads = Wire.floats(in, count * dim);
        s.owned.applyOwned(name, ids, grads, count, examples); // at this owner's learning-rate scale
        return Wire.ok(ctx.alloc(), request, grads, 0);
      }
      throw new IllegalArgumentException("Cannot serve request type " + op);
    }

    /** Global ids → this shard's rows, refusing ids another shard owns. */
    private long[] local(Serving s, long[] ids) {
      for (int i = 0; i < ids.length; i++) {
        if (s.map.owner(ids[i]) != s.me) {
          throw new IllegalArgumentException("Cannot serve row " + ids[i] + ": " + s.map.describe(s.map.owner(ids[i]))
              + " owns it, not " + s.map.describe(s.me));
        }
        ids[i] = s.map.local(ids[i]);
      }
      return ids;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
