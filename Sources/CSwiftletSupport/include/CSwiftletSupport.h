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

/// The OpenBLAS kernel family in use (e.g. "Cooperlake", "SkylakeX").
const char *swiftlet_blas_core_name(void);

/// Process-wide settings. Nothing in this library changes the process when
/// it is loaded; these run only when called (through `ProcessSettings` in
/// SwiftletCore).
///
/// Keeps freed blocks up to 32 MiB in glibc's heap and stops trimming it
/// (mallopt M_MMAP_THRESHOLD 32 MiB, M_TRIM_THRESHOLD 256 MiB, M_TOP_PAD
/// 16 MiB). Returns 1 if applied, 0 where malloc is not glibc's.
int swiftlet_keep_freed_memory_in_heap(void);
/// Where OpenBLAS fell back to its generic "Prescott" kernels on a CPU with
/// AVX-512 (or AVX2+FMA) and OPENBLAS_CORETYPE is unset: sets
/// OPENBLAS_CORETYPE to "SkylakeX" (or "Haswell") and re-initialises
/// OpenBLAS's kernel selection; returns that name. Otherwise changes
/// nothing and returns NULL. Call before any BLAS work.
const char *swiftlet_select_blas_core(void);

/// CPU features (CPUFeatures.c): the one probe, cached after the first call.
enum {
    /// AVX-512 F, DQ, BW and VL: what every hand-written AVX-512 kernel needs.
    SWIFTLET_CPU_AVX512 = 1,
    /// AVX2 and FMA.
    SWIFTLET_CPU_AVX2_FMA = 2,
};
unsigned swiftlet_cpu_features(void);

/// Kernel selection: the one switch for the hand-written AVX-512 kernels.
/// On (1) when the CPU has SWIFTLET_CPU_AVX512 and SWIFTLET_BLAS_ONLY is not
/// set (read once). Every kernel gives the same bits either way:
///
/// | on                                   | off                            |
/// |--------------------------------------|--------------------------------|
/// | SmallGemm.c unpacked gemm (small shapes, see sg_prefers) | cblas_sgemm |
/// | swiftlet_try_linear_* fused layers   | returns 0: caller uses BLAS    |
/// | swiftlet_activation_backward_f32 16 lanes | portable C loop           |
/// | swiftlet_exp_f32/log_f32 via libmvec | scalar libm                    |
/// | swiftlet_try_log_softmax_pairs_*     | returns 0: caller's Swift path |
/// | swiftlet_adam_f32 16 lanes (Adam)    | portable C loop                |
/// | swiftlet_sum_squares_avx512_f32      | Swift loop (clipGradNorm)      |
///
/// The elementwise kernels of Kernels.c are chosen separately, per CPU, by
/// the loader (`target_clones`), and ignore SWIFTLET_BLAS_ONLY.
extern int swiftlet_avx512_kernels_state;
int swiftlet_avx512_kernels_probe(void);
static inline int swiftlet_avx512_kernels_enabled(void) {
    const int s = __atomic_load_n(&swiftlet_avx512_kernels_state, __ATOMIC_RELAXED);
    return s >= 0 ? s : swiftlet_avx512_kernels_probe();
}

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
/// Whether swiftlet_try_linear_small_f32 wants the weight transposed for a batch
/// of `rows` (AVX-512 cores; not for a big weight at a smaller batch, which
/// it multiplies the other way round).
int swiftlet_linear_caches_transposed_weight(long rows, long inF, long outF);
/// A fused linear layer on the small-gemm kernel: out[rows, outF] =
/// act(x·wᵀ + bias), x [rows, inF], w [outF, inF], bias [outF] or NULL;
/// act 0 none, 1 relu, 2 tanh; wT, when not NULL, is w laid out [inF, outF]
/// (spares a transpose). Returns 0, writing nothing, when the shape or CPU
/// is not one the kernel handles (the caller then uses BLAS; same bits).
int swiftlet_try_linear_small_f32(const float *x, long rows, long inF, const float *w, const float *wT, long outF,
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
int swiftlet_try_linear_input_grad_small_f32(const float *gz, long rows, long outF, const float *w, long inF,
                                         const float *y, int act, float *out, float *biasGrad);
void swiftlet_activation_backward_f32(const float *g, const float *y, long rows, long cols, int act,
                                      float *gz, float *biasGrad);
/// One Adam update over n floats (Adam.c; the formulas and flags are
/// documented there and in SwiftletNN/Adam.swift). The one Float
/// implementation: AVX-512 where swiftlet_avx512_kernels_enabled(), a plain
/// loop elsewhere, the same bits.
void swiftlet_adam_f32(const float *g, float *w, float *m, float *v, float *vmax, long n,
                       float w1, float b2, float c2, float wd, float eps, float bc2Sqrt,
                       float negStepSize, float gradScale, int flags);
/// dst = exp(src) / log(src) elementwise (in place allowed): libmvec's
/// 16-lane functions on AVX-512 cores, scalar libm elsewhere.
void swiftlet_exp_f32(const float *src, float *dst, long n);
void swiftlet_log_f32(const float *src, float *dst, long n);
/// Log-softmax over `rows` rows of two floats (and its backward: out =
/// g − exp(y)·Σg per row), bitwise equal to Tensor.logSoftmax's generic row
/// path. Returns 0 (doing nothing) where not on an AVX-512 core.
int swiftlet_try_log_softmax_pairs_f32(const float *src, float *dst, long rows);
int swiftlet_try_log_softmax_pairs_backward_f32(const float *y, const float *g, float *out, long rows);
/// Σ x² accumulated in double (AVX-512 cores only; see clipGradNorm).
double swiftlet_sum_squares_avx512_f32(const float *x, long n);
#endif
