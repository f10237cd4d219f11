import CSwiftletSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide settings that make training faster, applied only on request.
///
/// Loading Swiftlet changes nothing in the process: malloc, OpenBLAS and the
/// environment variables stay as the host program left them. A program that
/// wants Swiftlet's tuned setup (the `swiftlet` command line, `PPO`, `DQN`)
/// calls `applyDefaults()` once, early, before heavy BLAS work; or it picks
/// individual knobs. The malloc setting changes no computed value;
/// `selectBLASKernels()` changes which OpenBLAS kernels run (and so, as on a
/// different CPU, possibly the rounding of BLAS sums), only where OpenBLAS
/// had fallen back to its generic ones.
///
/// Not covered here because it is scoped, not process-wide: subnormal
/// flushing (`withDenormalsFlushedToZero`, per thread, restored on exit).
public enum ProcessSettings {
    /// Applies the defaults, once per process (later calls return at once):
    ///
    /// - `keepFreedMemoryInHeap()`, unless the environment variable
    ///   `SWIFTLET_DEFAULT_MALLOC` is set;
    /// - `selectBLASKernels()`.
    ///
    /// Cost: a few microseconds on the first call (a few `mallopt` calls; an
    /// OpenBLAS re-initialisation only where it picked generic kernels);
    /// afterwards one atomic load. Thread-safe.
    public static func applyDefaults() {
        _ = defaults
    }

    /// Keeps freed blocks of up to 32 MiB in glibc's heap and stops it
    /// returning memory to the kernel (`mallopt`: `M_MMAP_THRESHOLD` 32 MiB,
    /// `M_TRIM_THRESHOLD` 256 MiB, `M_TOP_PAD` 16 MiB). Training loops free
    /// and reallocate the same tensor sizes every step; with glibc's
    /// defaults, blocks above 128 KiB are mmap'd and unmapped each time and
    /// every step pays page faults (6% of an MLP step). The process keeps
    /// up to that much more memory mapped. Returns false, changing nothing,
    /// where malloc is not glibc's. Cost: three `mallopt` calls.
    @discardableResult
    public static func keepFreedMemoryInHeap() -> Bool {
        swiftlet_keep_freed_memory_in_heap() != 0
    }

    /// Fixes OpenBLAS's kernel choice where it fails: OpenBLAS 0.3.21 does
    /// not recognise some recent Intel server cores and falls back to its
    /// generic "Prescott" kernels (sgemm 5–10× slower). Only in that case,
    /// and only when `OPENBLAS_CORETYPE` is unset and the CPU has AVX-512
    /// (or AVX2+FMA), it sets `OPENBLAS_CORETYPE` to "SkylakeX" (or
    /// "Haswell") in the environment and re-initialises OpenBLAS's kernel
    /// table. Returns the core it forced, or nil when it changed nothing.
    /// Call it before any BLAS work, from one thread. Cost: one string
    /// compare when nothing is to be done.
    @discardableResult
    public static func selectBLASKernels() -> String? {
        swiftlet_select_blas_core().map { String(cString: $0) }
    }

    /// The number of threads OpenBLAS uses (1 is the predictable choice when
    /// environments keep the other cores busy). Same as `setBLASThreads`.
    public static func setBLASThreads(_ n: Int) {
        SwiftletCore.setBLASThreads(n)
    }

    /// Runs once (Swift's lazy static initialisation is thread-safe).
    private static let defaults: Void = {
        if getenv("SWIFTLET_DEFAULT_MALLOC") == nil { keepFreedMemoryInHeap() }
        selectBLASKernels()
    }()
}
