// Subnormal floats cost ~100 cycles per operation on x86. Optimizer state of
// units whose gradient is exactly zero (dead ReLUs) decays geometrically into
// the subnormal range (Adam's m after ~800 steps), which made whole DQN runs
// 2-3x slower. Training loops therefore run with FTZ/DAZ set on their thread;
// results stay deterministic (the flag is part of the documented setup).
#include "CSwiftletSupport.h"
#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

unsigned int swiftlet_enter_flush_denormals(void) {
#if defined(__x86_64__)
    unsigned int old = _mm_getcsr();
    _mm_setcsr(old | 0x8040);  // FTZ (bit 15) | DAZ (bit 6)
    return old;
#else
    return 0;
#endif
}

void swiftlet_restore_floating_point_state(unsigned int state) {
#if defined(__x86_64__)
    _mm_setcsr(state);
#else
    (void)state;
#endif
}
