// OpenBLAS 0.3.21 (Debian 12) does not recognise recent Intel server cores
// (e.g. family 6 model 207) and falls back to its generic "Prescott" SSE3
// kernels: sgemm runs 5-10x slower. When that happens on a CPU with AVX-512
// (or AVX2+FMA) we re-run OpenBLAS's own dynamic-arch selection with a forced
// core type, through its exported init/quit entry points. A user-set
// OPENBLAS_CORETYPE is respected.
#include <stdlib.h>
#include <string.h>

extern char *openblas_get_corename(void) __attribute__((weak));
extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));

__attribute__((constructor))
static void swiftlet_select_blas_core(void) {
    if (!openblas_get_corename || !gotoblas_dynamic_init || !gotoblas_dynamic_quit) return;
    if (getenv("OPENBLAS_CORETYPE") != NULL) return;
    const char *name = openblas_get_corename();
    if (name == NULL || strcmp(name, "Prescott") != 0) return;
    __builtin_cpu_init();
    const char *core = NULL;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")) {
        core = "SkylakeX";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        core = "Haswell";
    }
    if (core == NULL) return;
    setenv("OPENBLAS_CORETYPE", core, 0);
    gotoblas_dynamic_quit();
    gotoblas_dynamic_init();
}

const char *swiftlet_blas_core_name(void) {
    return openblas_get_corename ? openblas_get_corename() : "unknown";
}
