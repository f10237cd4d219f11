// Elementwise kernels for the float tensor hot paths, compiled three times
// (AVX-512, AVX2, baseline SSE2) and picked once at load time through an
// ifunc (`target_clones`): Swift code is built for baseline x86-64, where
// these loops run 4 floats wide; on an AVX-512 core they run 16 wide.
//
// Every kernel does, per element, exactly the IEEE operations of the Swift
// code it replaces, in the same order, and contraction into FMA is off, so
// results are bitwise identical whichever clone runs (and identical to the
// portable Swift fallbacks in TensorScalar.swift).
#include "CSwiftletSupport.h"

#pragma clang fp contract(off)

#if defined(__x86_64__) && defined(__linux__)
#define SWIFTLET_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SWIFTLET_CLONES
#endif

// Eigen's generic_fast_tanh_float (see Float.fastTanh in TensorScalar.swift),
// its polynomial steps as fused multiply-adds: fmaf rounds once on every
// CPU (in hardware on v3/v4, in libm on the baseline), so all clones and
// the AVX-512 gemm epilogue (SmallGemm.c) give the same bits.
static inline float fast_tanh_f32(float v) {
    const float bound = 7.90531110763549805f;
    float x = v < -bound ? -bound : v;
    x = x > bound ? bound : x;
    const float x2 = x * x;
    float p = -2.76076847742355e-16f;
    p = __builtin_fmaf(p, x2, 2.00018790482477e-13f);
    p = __builtin_fmaf(p, x2, -8.60467152213735e-11f);
    p = __builtin_fmaf(p, x2, 5.12229709037114e-08f);
    p = __builtin_fmaf(p, x2, 1.48572235717979e-05f);
    p = __builtin_fmaf(p, x2, 6.37261928875436e-04f);
    p = __builtin_fmaf(p, x2, 4.89352455891786e-03f);
    p = p * x;
    float q = 1.19825839466702e-06f;
    q = __builtin_fmaf(q, x2, 1.18534705686654e-04f);
    q = __builtin_fmaf(q, x2, 2.26843463243900e-03f);
    q = __builtin_fmaf(q, x2, 4.89352518554385e-03f);
    const float r = p / q;
    // Below 4e-4 tanh(x) rounds to x in float32.
    return __builtin_fabsf(v) < 0.0004f ? v : r;
}

SWIFTLET_CLONES
void swiftlet_tanh_f32(const float *src, float *dst, long n) {
    // In place (a consumed temporary, see Tensor.tanh()) gets its own loop:
    // the general one's runtime overlap check sends src == dst to scalar code.
    if (src == dst) {
        for (long i = 0; i < n; i++) dst[i] = fast_tanh_f32(dst[i]);
        return;
    }
    for (long i = 0; i < n; i++) dst[i] = fast_tanh_f32(src[i]);
}

#define SWIFTLET_BINARY(name, T, expr)                                          \
    SWIFTLET_CLONES                                                             \
    void name(const T *a, const T *b, T *out, long n) {                         \
        for (long i = 0; i < n; i++) { const T x = a[i], y = b[i]; out[i] = (expr); } \
    }

SWIFTLET_BINARY(swiftlet_add_f32, float, x + y)
SWIFTLET_BINARY(swiftlet_sub_f32, float, x - y)
SWIFTLET_BINARY(swiftlet_mul_f32, float, x * y)
SWIFTLET_BINARY(swiftlet_add_f64, double, x + y)
SWIFTLET_BINARY(swiftlet_sub_f64, double, x - y)
SWIFTLET_BINARY(swiftlet_mul_f64, double, x * y)
// tanh backward from the saved result y: g·(1 − y²).
SWIFTLET_BINARY(swiftlet_tanh_backward_f32, float, x * (1.0f - y * y))
SWIFTLET_BINARY(swiftlet_tanh_backward_f64, double, x * (1.0 - y * y))
// relu backward from the saved result y: g where y > 0.
SWIFTLET_BINARY(swiftlet_relu_backward_f32, float, y > 0.0f ? x : 0.0f)
SWIFTLET_BINARY(swiftlet_relu_backward_f64, double, y > 0.0 ? x : 0.0)

#define SWIFTLET_ACCUMULATE(name, T)                                            \
    SWIFTLET_CLONES                                                             \
    void name(T *dst, const T *src, long n) {                                   \
        for (long i = 0; i < n; i++) dst[i] += src[i];                          \
    }
SWIFTLET_ACCUMULATE(swiftlet_accumulate_f32, float)
SWIFTLET_ACCUMULATE(swiftlet_accumulate_f64, double)

// dst[j] += Σ_r src[r·cols + j], rows added in order (a bias gradient).
#define SWIFTLET_COLUMN_SUMS(name, T)                                           \
    SWIFTLET_CLONES                                                             \
    void name(const T *src, long rows, long cols, T *dst) {                     \
        for (long r = 0; r < rows; r++) {                                       \
            const T *row = src + r * cols;                                      \
            for (long j = 0; j < cols; j++) dst[j] += row[j];                   \
        }                                                                       \
    }
SWIFTLET_COLUMN_SUMS(swiftlet_column_sums_f32, float)
SWIFTLET_COLUMN_SUMS(swiftlet_column_sums_f64, double)

#define SWIFTLET_RELU(name, T)                                                  \
    SWIFTLET_CLONES                                                             \
    void name(const T *src, T *dst, long n) {                                   \
        if (src == dst) { /* in place: no overlap check, stays vectorized */    \
            for (long i = 0; i < n; i++) { const T x = dst[i]; dst[i] = x > 0 ? x : 0; } \
            return;                                                             \
        }                                                                       \
        for (long i = 0; i < n; i++) { const T x = src[i]; dst[i] = x > 0 ? x : 0; } \
    }
SWIFTLET_RELU(swiftlet_relu_f32, float)
SWIFTLET_RELU(swiftlet_relu_f64, double)

// Fused linear-layer backward through its activation (act: 0 none, 1 relu,
// 2 tanh): gz = g ⊙ act'(y) from the saved output y, and, when biasGrad is
// given, biasGrad[j] = Σ_r gz[r, j] (overwritten; rows added in order, as
// swiftlet_column_sums_f32 into zeros).
SWIFTLET_CLONES
static void activation_backward_f32(const float *g, const float *y, long rows, long cols, int act,
                                    float *gz, float *biasGrad) {
    if (biasGrad) for (long j = 0; j < cols; j++) biasGrad[j] = 0.0f;
    for (long r = 0; r < rows; r++) {
        const float *gr = g + r * cols, *yr = y + r * cols;
        float *zr = gz + r * cols;
        if (act == 2) {
            for (long j = 0; j < cols; j++) { const float x = gr[j], v = yr[j]; zr[j] = x * (1.0f - v * v); }
        } else if (act == 1) {
            for (long j = 0; j < cols; j++) { const float x = gr[j], v = yr[j]; zr[j] = v > 0.0f ? x : 0.0f; }
        } else if (zr != gr) {
            for (long j = 0; j < cols; j++) zr[j] = gr[j];
        }
        if (biasGrad) for (long j = 0; j < cols; j++) biasGrad[j] += zr[j];
    }
}

void swiftlet_activation_backward_avx512_f32(const float *g, const float *y, long rows, long cols, int act,
                                             float *gz, float *biasGrad);

void swiftlet_activation_backward_f32(const float *g, const float *y, long rows, long cols, int act,
                                      float *gz, float *biasGrad) {
#if defined(__x86_64__)
    if (swiftlet_avx512_kernels_enabled()) {
        swiftlet_activation_backward_avx512_f32(g, y, rows, cols, act, gz, biasGrad);
        return;
    }
#endif
    activation_backward_f32(g, y, rows, cols, act, gz, biasGrad);
}
