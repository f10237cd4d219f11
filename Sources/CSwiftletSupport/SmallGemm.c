// Single-precision gemm for the small matrices of RL networks (batch 8-512,
// widths 4-512). OpenBLAS packs both operands into panels before every
// call; at these sizes the packing costs ~30% of the multiply. This kernel
// reads A where it lies (any row/column stride: `op(A)` is free) and B in
// row-major [K, N] (a transposed B is copied once, cheap when B is a weight
// matrix), keeping a 6 × 64 tile of C in 24 AVX-512 registers.
//
// Used only on AVX-512 cores and only for shapes where it beats OpenBLAS
// (see `swiftlet_sgemm`); elsewhere calls go to cblas_sgemm unchanged.
// The summation order over k is fixed (k = 0, 1, …, one FMA per term), so
// results are deterministic run to run.
#include "CSwiftletSupport.h"
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define SG_TARGET __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,fma")))
#define SG_INLINE static inline __attribute__((always_inline)) SG_TARGET

// fast_tanh_f32 of Kernels.c, 16 lanes: the same operations in the same
// order (max/min operand order keeps NaN propagation identical), so the
// fused epilogue matches a separate tanh pass bit for bit.
SG_INLINE __m512 sg_tanh(__m512 v) {
    const __m512 x = _mm512_min_ps(_mm512_set1_ps(7.90531110763549805f),
                                   _mm512_max_ps(_mm512_set1_ps(-7.90531110763549805f), v));
    const __m512 x2 = _mm512_mul_ps(x, x);
    __m512 p = _mm512_set1_ps(-2.76076847742355e-16f);
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(2.00018790482477e-13f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-8.60467152213735e-11f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(5.12229709037114e-08f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(1.48572235717979e-05f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(6.37261928875436e-04f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(4.89352455891786e-03f));
    p = _mm512_mul_ps(p, x);
    __m512 q = _mm512_set1_ps(1.19825839466702e-06f);
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(1.18534705686654e-04f));
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(2.26843463243900e-03f));
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(4.89352518554385e-03f));
    const __m512 r = _mm512_div_ps(p, q);
    // |v| < 0.0004f tested as x² < RN(0.0004f²), sparing the abs: squares
    // of floats are monotonic and RN(pred(0.0004f)²) < RN(0.0004f²), and a
    // clamped |v| > 7.9 squares far above; the same result for all 2³²
    // inputs (checked exhaustively against the |v| form, NaNs included).
    const __mmask16 tiny = _mm512_cmp_ps_mask(x2, _mm512_set1_ps(0x1.5798ecp-23f), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(tiny, r, v);
}

// C[MR × 16·NV] (+)= Σ_k A(r, k) · B[k, :]; the last vector is masked.
// Epilogue: (+ C when accumulating), + bias, then the activation
// (0 none, 1 relu as `x > 0 ? x : 0`, 2 tanh).
// Backward epilogue (when `dy` is set): C = product ⊙ act'(y) with y the
// saved output of the layer below (`dact` 1 relu, 2 tanh; the operations of
// sg_act_backward_block), and when `colSum` is set its rows are added to it
// in row order (tiles run top to bottom, so each column sums in the same
// order as the separate pass).
SG_INLINE void sg_tile(const int MR, const int NV, long K,
                       const float *A, long ars, long acs,
                       const float *B, long ldb,
                       float *C, long ldc, __mmask16 last, int accumulate,
                       const float *bias, int act, const float *dy, int dact, float *colSum,
                       int colSumStarts) {
    __m512 acc[6][4];
    // Every loop over r and v fully unrolled (MR and NV are constants per
    // instance): with any of them left rolled the accumulators live on the
    // stack (a memset and reloads per tile, ~7% slower).
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) acc[r][v] = _mm512_setzero_ps();
    const float *ak = A;
    const float *bk = B;
    for (long k = 0; k < K; k++) {
        __m512 b[4];
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++)
            b[v] = (v == NV - 1) ? _mm512_maskz_loadu_ps(last, bk + 16 * v) : _mm512_loadu_ps(bk + 16 * v);
#pragma clang loop unroll(full)
        for (int r = 0; r < MR; r++) {
            const __m512 a = _mm512_set1_ps(ak[r * ars]);
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_ps(a, b[v], acc[r][v]);
        }
        ak += acs;
        bk += ldb;
    }
    // Column sums run down the tile's rows in registers: one load and one
    // store per tile (a masked store does not forward to the next row's
    // load, so a per-row read-modify-write stalls ~3× the tile's work).
    __m512 sums[4];
    if (colSum) {
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++)
            sums[v] = colSumStarts ? _mm512_setzero_ps()
                                   : _mm512_maskz_loadu_ps(v == NV - 1 ? last : (__mmask16)0xFFFF, colSum + 16 * v);
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
        float *c = C + r * ldc;
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) {
            const __mmask16 m = (v == NV - 1) ? last : (__mmask16)0xFFFF;
            __m512 x = acc[r][v];
            if (accumulate) x = _mm512_add_ps(_mm512_maskz_loadu_ps(m, c + 16 * v), x);
            if (bias) x = _mm512_add_ps(_mm512_maskz_loadu_ps(m, bias + 16 * v), x);
            if (act == 1) x = _mm512_max_ps(x, _mm512_setzero_ps());
            else if (act == 2) x = sg_tanh(x);
            if (dy) {
                const __m512 yv = _mm512_maskz_loadu_ps(m, dy + r * ldc + 16 * v);
                if (dact == 2) x = _mm512_mul_ps(x, _mm512_sub_ps(_mm512_set1_ps(1.0f), _mm512_mul_ps(yv, yv)));
                else if (dact == 1) x = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(yv, _mm512_setzero_ps(), _CMP_GT_OQ),
                                                            _mm512_setzero_ps(), x);
            }
            _mm512_mask_storeu_ps(c + 16 * v, m, x);
            // The top tile starts the sums from +0, as the separate pass does.
            if (colSum) sums[v] = _mm512_add_ps(sums[v], x);
        }
    }
    if (colSum) {
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++)
            _mm512_mask_storeu_ps(colSum + 16 * v, v == NV - 1 ? last : (__mmask16)0xFFFF, sums[v]);
    }
}

#define SG_CASE_NV(MR, DY, DACT, COLSUM)                                                \
    switch (nv) {                                                                       \
    case 4: sg_tile(MR, 4, K, A, ars, acs, B, ldb, C, ldc, last, accumulate, bias, act, DY, DACT, COLSUM, colSumStarts); break; \
    case 3: sg_tile(MR, 3, K, A, ars, acs, B, ldb, C, ldc, last, accumulate, bias, act, DY, DACT, COLSUM, colSumStarts); break; \
    case 2: sg_tile(MR, 2, K, A, ars, acs, B, ldb, C, ldc, last, accumulate, bias, act, DY, DACT, COLSUM, colSumStarts); break; \
    default: sg_tile(MR, 1, K, A, ars, acs, B, ldb, C, ldc, last, accumulate, bias, act, DY, DACT, COLSUM, colSumStarts); break; \
    }

#define SG_CASE_MR(DY, DACT, COLSUM)                       \
    switch (mr) {                                          \
    case 6: SG_CASE_NV(6, DY, DACT, COLSUM) break;         \
    case 5: SG_CASE_NV(5, DY, DACT, COLSUM) break;         \
    case 4: SG_CASE_NV(4, DY, DACT, COLSUM) break;         \
    case 3: SG_CASE_NV(3, DY, DACT, COLSUM) break;         \
    case 2: SG_CASE_NV(2, DY, DACT, COLSUM) break;         \
    default: SG_CASE_NV(1, DY, DACT, COLSUM) break;        \
    }

// Forward and plain products: the backward epilogue compiled out (its
// per-vector tests cost ~5% on 256×64×64).
SG_TARGET __attribute__((noinline))
static void sg_dispatch(int mr, int nv, long K, const float *A, long ars, long acs,
                        const float *B, long ldb, float *C, long ldc, __mmask16 last, int accumulate,
                        const float *bias, int act) {
    const int colSumStarts = 0;
    SG_CASE_MR(NULL, 0, NULL)
}

// Input gradients with the backward epilogue (no bias, no forward activation).
SG_TARGET __attribute__((noinline))
static void sg_dispatch_backward(int mr, int nv, long K, const float *A, long ars, long acs,
                                 const float *B, long ldb, float *C, long ldc, __mmask16 last,
                                 const float *dy, int dact, float *colSum, int colSumStarts) {
    const int accumulate = 0, act = 0;
    const float *bias = NULL;
    SG_CASE_MR(dy, dact, colSum)
}

// C[M, N] (+)= A·B with A(i, k) = A[i·ars + k·acs] and B row-major [K, N].
// `bias` (length N, or NULL) is added to every row; `dy` (row stride ldc),
// `dact` and `colSum` select the backward epilogue of sg_tile (then without
// bias, forward activation or accumulation).
SG_TARGET
static void sg_gemm_epilogue(long M, long N, long K, const float *A, long ars, long acs,
                             const float *B, long ldb, float *C, long ldc, int accumulate, const float *bias, int act,
                             const float *dy, int dact, float *colSum) {
    for (long j0 = 0; j0 < N; j0 += 64) {
        const long cols = N - j0 < 64 ? N - j0 : 64;
        const int nv = (int)((cols + 15) / 16);
        const long tail = cols - 16 * (nv - 1);
        const __mmask16 last = (__mmask16)(tail == 16 ? 0xFFFF : ((1u << tail) - 1));
        for (long i0 = 0; i0 < M; i0 += 6) {
            const int mr = M - i0 < 6 ? (int)(M - i0) : 6;
            if (dy || colSum)
                sg_dispatch_backward(mr, nv, K, A + i0 * ars, ars, acs, B + j0, ldb, C + i0 * ldc + j0, ldc, last,
                                     dy ? dy + i0 * ldc + j0 : NULL, dact, colSum ? colSum + j0 : NULL, i0 == 0);
            else
                sg_dispatch(mr, nv, K, A + i0 * ars, ars, acs, B + j0, ldb, C + i0 * ldc + j0, ldc, last, accumulate,
                            bias ? bias + j0 : NULL, act);
        }
    }
}

SG_TARGET
static void sg_gemm(long M, long N, long K, const float *A, long ars, long acs,
                    const float *B, long ldb, float *C, long ldc, int accumulate, const float *bias, int act) {
    sg_gemm_epilogue(M, N, K, A, ars, acs, B, ldb, C, ldc, accumulate, bias, act, NULL, 0, NULL);
}

// swiftlet_activation_backward_f32 for AVX-512: 64 columns at a time, the
// bias sums kept in registers across rows (same operations, same order).
// NV and ACT are compile-time constants in each instance, so the sums stay
// in registers (with a runtime count they spill and every add waits on a
// store-to-load round trip).
SG_INLINE void sg_act_backward_block(const int NV, const int ACT, const float *g, const float *y, long rows,
                                     long cols, float *gz, float *biasGrad, __mmask16 last) {
    __m512 acc[4];
    for (int v = 0; v < NV; v++) acc[v] = _mm512_setzero_ps();
    const __m512 one = _mm512_set1_ps(1.0f), zero = _mm512_setzero_ps();
    const int copy = ACT != 0 || gz != g;
    for (long r = 0; r < rows; r++) {
        const long off = r * cols;
        for (int v = 0; v < NV; v++) {
            const __mmask16 m = v == NV - 1 ? last : (__mmask16)0xFFFF;
            const __m512 gv = _mm512_maskz_loadu_ps(m, g + off + 16 * v);
            __m512 z = gv;
            if (ACT == 2) {
                const __m512 yv = _mm512_maskz_loadu_ps(m, y + off + 16 * v);
                z = _mm512_mul_ps(gv, _mm512_sub_ps(one, _mm512_mul_ps(yv, yv)));
            } else if (ACT == 1) {
                const __m512 yv = _mm512_maskz_loadu_ps(m, y + off + 16 * v);
                z = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(yv, zero, _CMP_GT_OQ), zero, gv);
            }
            if (copy) _mm512_mask_storeu_ps(gz + off + 16 * v, m, z);
            acc[v] = _mm512_add_ps(acc[v], z);
        }
    }
    if (biasGrad)
        for (int v = 0; v < NV; v++)
            _mm512_mask_storeu_ps(biasGrad + 16 * v, v == NV - 1 ? last : (__mmask16)0xFFFF, acc[v]);
}

#define SG_ACT_CASES(NV)                                                                          \
    switch (act) {                                                                                \
    case 2: sg_act_backward_block(NV, 2, g + j0, y + j0, rows, cols, gz + j0, bg, last); break;   \
    case 1: sg_act_backward_block(NV, 1, g + j0, y + j0, rows, cols, gz + j0, bg, last); break;   \
    default: sg_act_backward_block(NV, 0, g + j0, y + j0, rows, cols, gz + j0, bg, last); break;  \
    }

SG_TARGET
void swiftlet_activation_backward_avx512_f32(const float *g, const float *y, long rows, long cols, int act,
                                             float *gz, float *biasGrad) {
    for (long j0 = 0; j0 < cols; j0 += 64) {
        const long w = cols - j0 < 64 ? cols - j0 : 64;
        const int nv = (int)((w + 15) / 16);
        const long tail = w - 16 * (nv - 1);
        const __mmask16 last = (__mmask16)(tail == 16 ? 0xFFFF : ((1u << tail) - 1));
        float *bg = biasGrad ? biasGrad + j0 : NULL;
        switch (nv) {
        case 4: SG_ACT_CASES(4) break;
        case 3: SG_ACT_CASES(3) break;
        case 2: SG_ACT_CASES(2) break;
        default: SG_ACT_CASES(1) break;
        }
    }
}

// Σ x² in double over 16 lanes (two 8-wide double accumulators, as
// sumOfSquaresInDouble in ClipGradNorm.swift), lanes then added in order,
// then the tail in order.
SG_TARGET
double swiftlet_sum_squares_avx512_f32(const float *x, long n) {
    __m512d a0 = _mm512_setzero_pd(), a1 = _mm512_setzero_pd();
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512d x0 = _mm512_cvtps_pd(_mm256_loadu_ps(x + i));
        const __m512d x1 = _mm512_cvtps_pd(_mm256_loadu_ps(x + i + 8));
        a0 = _mm512_add_pd(a0, _mm512_mul_pd(x0, x0));
        a1 = _mm512_add_pd(a1, _mm512_mul_pd(x1, x1));
    }
    double lanes[8];
    _mm512_storeu_pd(lanes, _mm512_add_pd(a0, a1));
    double s = -0.0;
    for (int k = 0; k < 8; k++) s += lanes[k];
    if (n < 16) s = 0.0;
    for (; i < n; i++) { const double d = (double)x[i]; s += d * d; }
    return s;
}

// The AVX-512 kernels' switch (CPUFeatures.c).
#define sg_supported() swiftlet_avx512_kernels_enabled()
#endif

// Per-thread scratch for a transposed B.
// OpenBLAS's CBLAS entry (linked through the CBLAS module); declared here
// so this target needs no BLAS header path. 101 = row major, 111/112 = no/trans.
extern void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
                        const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

static _Thread_local float *sg_scratch = NULL;
static _Thread_local long sg_scratch_count = 0;

static float *sg_scratch_buffer(long count) {
    if (count > sg_scratch_count) {
        free(sg_scratch);
        // 64-byte aligned, as tensor storage: full-vector accesses stay within a line.
        sg_scratch = (float *)aligned_alloc(64, (((size_t)count * sizeof(float)) + 63) & ~(size_t)63);
        sg_scratch_count = sg_scratch ? count : 0;
    }
    return sg_scratch;
}

#if defined(__x86_64__)
// dst[16 × 16] = srcᵀ in registers (unpack, then 128-bit lane shuffles).
SG_INLINE void sg_transpose16(const float *src, long lds, float *dst, long ldd) {
    __m512 r[16], t[16];
    for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(src + i * lds);
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
        r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
        r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
        r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
    }
    for (int h = 0; h < 16; h += 8) {
        for (int i = 0; i < 4; i++) {
            t[h + i] = _mm512_shuffle_f32x4(r[h + i], r[h + i + 4], 0x88);
            t[h + i + 4] = _mm512_shuffle_f32x4(r[h + i], r[h + i + 4], 0xdd);
        }
    }
    for (int i = 0; i < 8; i++) {
        r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
        r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
    }
    for (int i = 0; i < 16; i++) _mm512_storeu_ps(dst + i * ldd, r[i]);
}

// t[K, N] = bᵀ for b [N, K] (row stride ldb): 16 × 16 register tiles, the
// ragged edges element by element.
SG_TARGET
static void sg_transpose(const float *b, long ldb, long n, long k, float *t) {
    const long n16 = n & ~15L, k16 = k & ~15L;
    for (long j0 = 0; j0 < n16; j0 += 16)
        for (long k0 = 0; k0 < k16; k0 += 16) sg_transpose16(b + j0 * ldb + k0, ldb, t + k0 * n + j0, n);
    for (long j = 0; j < n; j++) {
        const float *src = b + j * ldb;
        const long kStart = j < n16 ? k16 : 0;
        for (long kk = kStart; kk < k; kk++) t[kk * n + j] = src[kk];
    }
}
#endif


/// Whether the small kernel handles this shape (measured against OpenBLAS
/// 0.3.21 SkylakeX kernels on RL shapes; see Benchmarks/README.md).
static int sg_prefers(long m, long n, long k, int transB) {
    if (n < 16 || m < 1 || k < 1) return 0;
    if (m * n * k > (1L << 24)) return 0;
    // Transposing a big B costs more than OpenBLAS's packing saves.
    if (transB && n * k > (1L << 14) && m < 4 * n) return 0;
    return 1;
}

void swiftlet_sgemm(int transA, int transB, long m, long n, long k,
                    const float *a, long lda, const float *b, long ldb,
                    float beta, float *c, long ldc) {
#if defined(__x86_64__)
    if ((beta == 0.0f || beta == 1.0f) && sg_supported() && sg_prefers(m, n, k, transB)) {
        const float *bb = b;
        long ldbb = ldb;
        if (transB) {
            // B is stored [N, K]: copy it to [K, N].
            float *t = sg_scratch_buffer(n * k);
            if (t) {
                sg_transpose(b, ldb, n, k, t);
                bb = t;
                ldbb = n;
            } else {
                bb = NULL;
            }
        }
        if (bb) {
            const long ars = transA ? 1 : lda, acs = transA ? lda : 1;
            sg_gemm(m, n, k, a, ars, acs, bb, ldbb, c, ldc, beta == 1.0f, NULL, 0);
            return;
        }
    }
#endif
    cblas_sgemm(101, transA ? 112 : 111, transB ? 112 : 111, (int)m, (int)n, (int)k, 1.0f, a, (int)lda, b, (int)ldb, beta, c, (int)ldc);
}

void swiftlet_transpose_f32(const float *src, long rows, long cols, float *dst) {
#if defined(__x86_64__)
    if (sg_supported()) { sg_transpose(src, cols, rows, cols, dst); return; }
#endif
    for (long i = 0; i < rows; i++)
        for (long j = 0; j < cols; j++) dst[j * rows + i] = src[i * cols + j];
}

// A weight above this many elements, multiplied at a batch of 16 up to
// (not including) its output width, is not worth keeping transposed: it
// changes every training step, and transposing a 256×256 weight (~15–30 µs)
// costs more than computing the product the other way round (below).
#define SG_TRANSPOSED_WEIGHT_LIMIT (1L << 14)

#if defined(__x86_64__)
static int sg_transposed_product(long rows, long inF, long outF) {
    return rows >= 16 && rows < outF && inF > 0 && inF * outF > SG_TRANSPOSED_WEIGHT_LIMIT &&
           sg_prefers(rows, outF, inF, 0) && sg_prefers(outF, rows, inF, 0);
}
#endif

int swiftlet_linear_caches_transposed_weight(long rows, long inF, long outF) {
#if defined(__x86_64__)
    // Heads narrower than 16 outputs go to BLAS, which reads w as stored.
    return sg_supported() && outF >= 16 && !sg_transposed_product(rows, inF, outF);
#else
    (void)rows; (void)inF; (void)outF;
    return 0;
#endif
}

#if defined(__x86_64__)
// out[r, j] = act(out[r, j] + bias[j]) with the epilogue's operations in its order.
SG_TARGET static void sg_bias_activation(float *out, long rows, long cols, const float *bias, int act) {
    for (long r = 0; r < rows; r++) {
        float *o = out + r * cols;
        for (long j = 0; j < cols; j += 16) {
            const long left = cols - j;
            const __mmask16 m = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
            __m512 x = _mm512_maskz_loadu_ps(m, o + j);
            if (bias) x = _mm512_add_ps(_mm512_maskz_loadu_ps(m, bias + j), x);
            if (act == 1) x = _mm512_max_ps(x, _mm512_setzero_ps());
            else if (act == 2) x = sg_tanh(x);
            _mm512_mask_storeu_ps(o + j, m, x);
        }
    }
}
#endif

int swiftlet_try_linear_small_f32(const float *x, long rows, long inF, const float *w, const float *wT, long outF,
                              const float *bias, int act, float *out) {
#if defined(__x86_64__)
    // A big weight at a smaller batch (DQN's 256×256 layer at batch 64):
    // outᵀ = w·xᵀ from a transposed copy of the input, then transposed back.
    // Each output is the same chain of FMAs over k as in the [in, out] form
    // (a·b = b·a exactly), so the bits equal the transposed-weight path's.
    if (wT == NULL && sg_supported() && sg_transposed_product(rows, inF, outF)) {
        float *xT = sg_scratch_buffer(inF * rows + outF * rows);
        if (xT == NULL) return 0;
        float *outT = xT + inF * rows;
        sg_transpose(x, inF, rows, inF, xT);
        sg_gemm(outF, rows, inF, w, inF, 1, xT, rows, outT, rows, 0, NULL, 0);
        sg_transpose(outT, rows, outF, rows, out);
        if (bias || act) sg_bias_activation(out, rows, outF, bias, act);
        return 1;
    }
    if (rows > 1 && inF > 0 && outF > 0 && sg_supported() && sg_prefers(rows, outF, inF, wT == NULL)) {
        const float *t = wT;
        if (t == NULL) {
            float *s = sg_scratch_buffer(outF * inF);
            if (s == NULL) return 0;
            sg_transpose(w, inF, outF, inF, s);
            t = s;
        }
        sg_gemm(rows, outF, inF, x, inF, 1, t, outF, out, outF, 0, bias, act);
        return 1;
    }
#endif
    return 0;
}

int swiftlet_try_linear_input_grad_small_f32(const float *gz, long rows, long outF, const float *w, long inF,
                                         const float *y, int act, float *out, float *biasGrad) {
#if defined(__x86_64__)
    // The same shape rule as swiftlet_sgemm for this product, so a declined
    // call takes the path (cblas, then the separate pass) an unfused
    // backward takes, with the same bits.
    if (rows > 0 && inF > 0 && outF > 0 && sg_supported() && sg_prefers(rows, inF, outF, 0)) {
        sg_gemm_epilogue(rows, inF, outF, gz, outF, 1, w, inF, out, inF, 0, NULL, 0, y, act, biasGrad);
        return 1;
    }
#endif
    return 0;
}
