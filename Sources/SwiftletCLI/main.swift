import SwiftletCommandLine

// The `swiftlet` executable: the command line with the built-in algorithms
// and environments. A package that registers its own (Algorithms.register,
// Registry.register) makes its own executable the same way.
SwiftletCommand.main()
