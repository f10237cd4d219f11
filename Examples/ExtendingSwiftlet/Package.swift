// swift-tools-version: 6.1
import PackageDescription

// Extending Swiftlet from outside, with its public API only: a new algorithm
// (A2C), a new environment (Catch) and a policy network written from
// elementary ops, plus a `swiftlet-extended` command line that knows them all.
// Depends on Swiftlet by path; a versioned dependency works the same way:
// .package(url: "https://…/swiftlet", from: "0.1.0").
let package = Package(
    name: "ExtendingSwiftlet",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Swiftlet", path: "../.."),
    ],
    targets: [
        .target(name: "A2C", dependencies: [
            .product(name: "SwiftletAgents", package: "Swiftlet"),
        ]),
        .target(name: "Catch", dependencies: [
            .product(name: "SwiftletEnvironments", package: "Swiftlet"),
            .product(name: "SwiftletRandom", package: "Swiftlet"),
            .product(name: "SwiftletGraphics", package: "Swiftlet"),
        ]),
        .target(name: "ComposedPolicy", dependencies: [
            .product(name: "SwiftletAgents", package: "Swiftlet"),
        ]),
        .executableTarget(name: "swiftlet-extended", dependencies: [
            "A2C", "Catch",
            .product(name: "SwiftletCommandLine", package: "Swiftlet"),
        ]),
        .testTarget(name: "ExamplesTests", dependencies: ["A2C", "Catch", "ComposedPolicy"]),
    ],
    swiftLanguageModes: [.v5]
)
