package io.netra.analytics.clickhouse;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * client-v2 gets its LZ4 and xxHash implementations by class name (lz4-java's factories), even with compression
 * off, and loads its Micrometer binder by name; a native image must be told these classes are looked up, or every
 * ClickHouse call fails (and the pool metrics are missing) at run time.
 */
@RegisterForReflection(fields = true, classNames = {
        "com.clickhouse.client.api.metrics.MicrometerLoader",
        "net.jpountz.lz4.LZ4JavaSafeCompressor",
        "net.jpountz.lz4.LZ4HCJavaSafeCompressor",
        "net.jpountz.lz4.LZ4JavaSafeFastDecompressor",
        "net.jpountz.lz4.LZ4JavaSafeSafeDecompressor",
        "net.jpountz.lz4.LZ4JavaUnsafeCompressor",
        "net.jpountz.lz4.LZ4HCJavaUnsafeCompressor",
        "net.jpountz.lz4.LZ4JavaUnsafeFastDecompressor",
        "net.jpountz.lz4.LZ4JavaUnsafeSafeDecompressor",
        "net.jpountz.xxhash.XXHash32JavaSafe",
        "net.jpountz.xxhash.XXHash32JavaUnsafe",
        "net.jpountz.xxhash.XXHash64JavaSafe",
        "net.jpountz.xxhash.XXHash64JavaUnsafe",
        "net.jpountz.xxhash.StreamingXXHash32JavaSafe$Factory",
        "net.jpountz.xxhash.StreamingXXHash32JavaUnsafe$Factory",
        "net.jpountz.xxhash.StreamingXXHash64JavaSafe$Factory",
        "net.jpountz.xxhash.StreamingXXHash64JavaUnsafe$Factory" })
final class ClickHouseClientReflection {

    private ClickHouseClientReflection() {
    }
}
