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

#endif
