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

#endif
