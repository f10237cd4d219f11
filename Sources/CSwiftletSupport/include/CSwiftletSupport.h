#ifndef CSWIFTLET_SUPPORT_H
#define CSWIFTLET_SUPPORT_H

/// Per-thread autograd switch. `static inline` so Swift inlines the access:
/// reading it costs one TLS load (initial-exec), not a function call.
extern _Thread_local int swiftlet_no_grad_depth;

static inline int swiftlet_grad_enabled(void) { return swiftlet_no_grad_depth == 0; }
static inline void swiftlet_enter_no_grad(void) { swiftlet_no_grad_depth += 1; }
static inline void swiftlet_exit_no_grad(void) { swiftlet_no_grad_depth -= 1; }

/// A process-unique id for one backward pass (marks visited graph nodes).
extern unsigned long swiftlet_backward_counter;
static inline unsigned long swiftlet_next_backward_id(void) {
    return __atomic_add_fetch(&swiftlet_backward_counter, 1, __ATOMIC_RELAXED);
}

/// The OpenBLAS kernel family in use (after Swiftlet's core selection).
const char *swiftlet_blas_core_name(void);

/// Sets flush-to-zero and denormals-are-zero on this thread; returns the
/// previous control state for `swiftlet_restore_floating_point_state`.
unsigned int swiftlet_enter_flush_denormals(void);
void swiftlet_restore_floating_point_state(unsigned int state);

/// Elementwise kernels (Kernels.c), vectorized for the running CPU (AVX-512,
/// AVX2 or SSE2, chosen once at load time); bitwise equal results on all.
void swiftlet_tanh_f32(const float *src, float *dst, long n);
void swiftlet_add_f32(const float *a, const float *b, float *out, long n);
void swiftlet_sub_f32(const float *a, const float *b, float *out, long n);
void swiftlet_mul_f32(const float *a, const float *b, float *out, long n);
void swiftlet_add_f64(const double *a, const double *b, double *out, long n);
void swiftlet_sub_f64(const double *a, const double *b, double *out, long n);
void swiftlet_mul_f64(const double *a, const double *b, double *out, long n);
/// out = g·(1 − y²)
void swiftlet_tanh_backward_f32(const float *g, const float *y, float *out, long n);
void swiftlet_tanh_backward_f64(const double *g, const double *y, double *out, long n);
/// out = y > 0 ? g : 0
void swiftlet_relu_backward_f32(const float *g, const float *y, float *out, long n);
void swiftlet_relu_backward_f64(const double *g, const double *y, double *out, long n);
/// dst += src
void swiftlet_accumulate_f32(float *dst, const float *src, long n);
void swiftlet_accumulate_f64(double *dst, const double *src, long n);
/// dst[j] += Σ_r src[r·cols + j]
void swiftlet_column_sums_f32(const float *src, long rows, long cols, float *dst);
void swiftlet_column_sums_f64(const double *src, long rows, long cols, double *dst);
/// dst = max(src, 0) (NaN → 0 as `x > 0 ? x : 0`)
void swiftlet_relu_f32(const float *src, float *dst, long n);
void swiftlet_relu_f64(const double *src, double *dst, long n);

/// Single-precision gemm, row-major: C[m, n] = op(A)·op(B) + beta·C.
/// Small shapes on AVX-512 cores go to Swiftlet's unpacked kernel
/// (SmallGemm.c), everything else to cblas_sgemm.
void swiftlet_sgemm(int transA, int transB, long m, long n, long k,
                    const float *a, long lda, const float *b, long ldb,
                    float beta, float *c, long ldc);
/// Whether swiftlet_linear_small_f32 wants the weight transposed for a batch
/// of `rows` (AVX-512 cores; not for a big weight at a smaller batch, which
/// it multiplies the other way round).
int swiftlet_linear_caches_transposed_weight(long rows, long inF, long outF);
/// A fused linear layer on the small-gemm kernel: out[rows, outF] =
/// act(x·wᵀ + bias), x [rows, inF], w [outF, inF], bias [outF] or NULL;
/// act 0 none, 1 relu, 2 tanh; wT, when not NULL, is w laid out [inF, outF]
/// (spares a transpose). Returns 0, writing nothing, when the shape or CPU
/// is not one the kernel handles (the caller then uses BLAS; same bits).
int swiftlet_linear_small_f32(const float *x, long rows, long inF, const float *w, const float *wT, long outF,
                              const float *bias, int act, float *out);
/// dst[cols, rows] = srcᵀ for a row-major src [rows, cols].
void swiftlet_transpose_f32(const float *src, long rows, long cols, float *dst);
/// The backward of that activation: gz = g ⊙ act'(y) from the saved output
/// (gz may be g for act 0), and biasGrad = Σ_rows gz when non-NULL.
/// The input gradient of a linear layer fused with the activation backward
/// of the layer below: out[rows, inF] = (gz[rows, outF] · w[outF, inF]) ⊙
/// act'(y) with y [rows, inF] that layer's saved output (act 0 none, 1 relu,
/// 2 tanh), and biasGrad[inF] = Σ_rows out when non-NULL. Bitwise equal to
/// swiftlet_sgemm then swiftlet_activation_backward_f32. Returns 0, writing
/// nothing, where the small kernel declines the shape.
int swiftlet_linear_input_grad_small_f32(const float *gz, long rows, long outF, const float *w, long inF,
                                         const float *y, int act, float *out, float *biasGrad);
void swiftlet_activation_backward_f32(const float *g, const float *y, long rows, long cols, int act,
                                      float *gz, float *biasGrad);
/// One Adam update over n floats on an AVX-512 core (call only when
/// swiftlet_small_gemm_enabled()); see AdamKernel in SwiftletNN/Adam.swift.
void swiftlet_adam_avx512_f32(const float *g, float *w, float *m, float *v, float *vmax, long n,
                              float w1, float b2, float c2, float wd, float eps, float bc2Sqrt,
                              float negStepSize, float gradScale, int flags);
/// dst = exp(src) / log(src) elementwise (in place allowed): libmvec's
/// 16-lane functions on AVX-512 cores, scalar libm elsewhere.
void swiftlet_exp_f32(const float *src, float *dst, long n);
void swiftlet_log_f32(const float *src, float *dst, long n);
/// Log-softmax over `rows` rows of two floats (and its backward: out =
/// g − exp(y)·Σg per row), bitwise equal to Tensor.logSoftmax's generic row
/// path. Returns 0 (doing nothing) where not on an AVX-512 core.
int swiftlet_log_softmax_pairs_f32(const float *src, float *dst, long rows);
int swiftlet_log_softmax_pairs_backward_f32(const float *y, const float *g, float *out, long rows);
/// Σ x² accumulated in double (AVX-512 cores only; see clipGradNorm).
double swiftlet_sum_squares_avx512_f32(const float *x, long n);
/// Whether the small-gemm kernel is in use (AVX-512 core, not disabled by
/// SWIFTLET_BLAS_ONLY).
int swiftlet_small_gemm_enabled(void);

#endif
