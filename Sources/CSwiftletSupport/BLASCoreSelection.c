// OpenBLAS 0.3.21 (Debian 12) does not recognise recent Intel server cores
// (e.g. family 6 model 207) and falls back to its generic "Prescott" SSE3
// kernels: sgemm runs 5-10x slower. When that happens on a CPU with AVX-512
// (or AVX2+FMA), swiftlet_select_blas_core re-runs OpenBLAS's own
// dynamic-arch selection with a forced core type (it sets
// OPENBLAS_CORETYPE, then calls OpenBLAS's exported quit/init entry
// points). A user-set OPENBLAS_CORETYPE is respected.
//
// Nothing here runs by itself: loading Swiftlet leaves OpenBLAS and the
// environment as they are. The call is made through `ProcessSettings`
// (SwiftletCore), before any BLAS work.
#include "CSwiftletSupport.h"
#include <stdlib.h>
#include <string.h>

extern char *openblas_get_corename(void) __attribute__((weak));
extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));

const char *swiftlet_select_blas_core(void) {
    if (!openblas_get_corename || !gotoblas_dynamic_init || !gotoblas_dynamic_quit) return NULL;
    if (getenv("OPENBLAS_CORETYPE") != NULL) return NULL;
    const char *name = openblas_get_corename();
    if (name == NULL || strcmp(name, "Prescott") != 0) return NULL;
    const unsigned features = swiftlet_cpu_features();
    const char *core = NULL;
    if (features & SWIFTLET_CPU_AVX512) {
        core = "SkylakeX";
    } else if (features & SWIFTLET_CPU_AVX2_FMA) {
        core = "Haswell";
    }
    if (core == NULL) return NULL;
    setenv("OPENBLAS_CORETYPE", core, 0);
    gotoblas_dynamic_quit();
    gotoblas_dynamic_init();
    return core;
}

const char *swiftlet_blas_core_name(void) {
    return openblas_get_corename ? openblas_get_corename() : "unknown";
}
