package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeBackendTest {
  static final String AVX512 = "fpu sse sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16";

  @Test
  void namesVectorKernelsFromTheCpuFlags() {
    assertEquals("SkylakeX", NativeBackend.coreFor(AVX512));
    assertEquals("Haswell", NativeBackend.coreFor("fpu sse avx avx2 fma"));
    assertEquals("Haswell", NativeBackend.coreFor("avx2 fma avx512f")); // AVX-512 F alone is not SkylakeX's set
    assertNull(NativeBackend.coreFor("fpu sse sse2 avx"));
  }

  @Test
  void warnsOnlyWhenUnsetOnAVectorCpu() {
    String advice = NativeBackend.advice(Map.of(), AVX512);
    assertTrue(advice.contains("OPENBLAS_CORETYPE=SkylakeX"), advice);
    assertNull(NativeBackend.advice(Map.of("OPENBLAS_CORETYPE", "SkylakeX"), AVX512));
    assertNull(NativeBackend.advice(Map.of("OPENBLAS_CORETYPE", ""), AVX512)); // empty: OpenBLAS's own choice, on purpose
    assertNull(NativeBackend.advice(Map.of(), "fpu sse sse2"));
  }

  @Test
  void describesTheNativeBuildAndKernels() {
    assertEquals("native code: ND4J build linux-x86_64-avx512 (org.bytedeco.javacpp.platform.extension), OpenBLAS "
        + "kernels SkylakeX (OPENBLAS_CORETYPE)", NativeBackend.describe(Map.of("OPENBLAS_CORETYPE", "SkylakeX"), "-avx512"));
    assertTrue(NativeBackend.describe(Map.of(), "").contains("linux-x86_64 (") , NativeBackend.describe(Map.of(), ""));
  }
}
