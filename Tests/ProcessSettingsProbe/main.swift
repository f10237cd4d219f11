// Run by CoreTests/ProcessSettingsTests in a fresh process: reports what
// loading SwiftletCore left of the process, then what
// `ProcessSettings.applyDefaults()` changed. One `key=value` line each.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftletCore

/// Whether glibc served an allocation of `bytes` with its own mmap (bit
/// IS_MMAPPED, 0x2, of the chunk's size word just before the pointer). The
/// block stays allocated, so freeing it cannot move glibc's dynamic mmap
/// threshold between the two probes. Not optimized: the optimizer treats
/// the word before a fresh allocation as undefined.
@_optimize(none)
func allocationIsMapped(_ bytes: Int) -> Bool {
    let p = malloc(bytes)!
    memset(p, 1, bytes)
    return p.load(fromByteOffset: -MemoryLayout<Int>.size, as: Int.self) & 2 != 0
}

// Use the library first: a matrix product (OpenBLAS) with a backward pass.
let a = Tensor<Float>(repeating: 0.5, shape: [32, 32]).requiringGrad()
(a.matmul(a)).sum().backward()
print("used=\(a.grad!.sum().scalar)")

print("mappedBefore=\(allocationIsMapped(4 << 20))")
for name in ["OPENBLAS_CORETYPE", "SWIFTLET_PROBE_MARK"] {
    print("env.\(name)=\(getenv(name).map { String(cString: $0) } ?? "unset")")
}
ProcessSettings.applyDefaults()
print("mappedAfter=\(allocationIsMapped(4 << 20))")
