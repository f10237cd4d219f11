// A package building its own `swiftlet` registers algorithms and environments
// before calling `SwiftletCommand.main()`: both registries come with this module.
@_exported import SwiftletAgents
@_exported import SwiftletEnvironments
