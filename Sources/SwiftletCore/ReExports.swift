// The random generator lives in the small SwiftletRandom module (no tensors,
// no OpenBLAS) so that environments can use it alone; `import SwiftletCore`
// keeps seeing `PCG64` and its sampling helpers.
@_exported import SwiftletRandom
