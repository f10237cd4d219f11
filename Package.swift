// swift-tools-version: 6.1
import PackageDescription

// Release builds skip exclusivity checks in hot loops (measured: 7x on buffer
// updates held by classes, see ../shared/PLATFORM.md). Correctness checks
// (shapes, bounds of user input) stay on: they use fatalError/precondition.
// Cross-module optimization lets the agents' and layers' calls into the core
// be specialized and inlined (5% fewer retains and releases in a PPO update;
// PPO CartPole ~2-7% faster in alternating runs; the same bits).
let fast: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release)),
]

let package = Package(
    name: "Swiftlet",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SwiftletRandom", targets: ["SwiftletRandom"]),
        .library(name: "SwiftletCore", targets: ["SwiftletCore"]),
        .library(name: "SwiftletNN", targets: ["SwiftletNN"]),
        .library(name: "SwiftletGraphics", targets: ["SwiftletGraphics"]),
        .library(name: "SwiftletEnvironments", targets: ["SwiftletEnvironments"]),
        .library(name: "SwiftletAgents", targets: ["SwiftletAgents"]),
        .executable(name: "swiftlet", targets: ["SwiftletCLI"]),
        .executable(name: "swiftlet-bench", targets: ["SwiftletBench"]),
    ],
    traits: [
        .trait(name: "SDL", description: "Build the SDL2 window for `swiftlet watch` (needs libsdl2-dev)."),
        .default(enabledTraits: ["SDL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    ],
    targets: [
        // System libraries
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CSDL2", path: "Sources/CSDL2", pkgConfig: "sdl2",
                       providers: [.apt(["libsdl2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CSwiftletSupport", path: "Sources/CSwiftletSupport",
                // glibc's vector math library (16-lane expf/logf, Transcendentals.c).
                linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux]))]),

        // Random bit generator (NumPy's PCG64) and sampling helpers: no tensors, no BLAS
        .target(name: "SwiftletRandom", dependencies: [.product(name: "RealModule", package: "swift-numerics")],
                path: "Sources/SwiftletRandom", swiftSettings: fast),
        // Tensor core: tensor, ops + backward, autograd engine (re-exports SwiftletRandom)
        .target(name: "SwiftletCore",
                dependencies: ["SwiftletRandom", "CBLAS", "CSwiftletSupport", .product(name: "RealModule", package: "swift-numerics")],
                path: "Sources/SwiftletCore", swiftSettings: fast),
        // Neural-network layer: modules, optimizers, distributions, checkpoints
        .target(name: "SwiftletNN", dependencies: ["SwiftletCore", "CSwiftletSupport"],
                path: "Sources/SwiftletNN", swiftSettings: fast),
        // Software canvas and image encoders (PNG, GIF)
        .target(name: "SwiftletGraphics", dependencies: ["CZlib"],
                path: "Sources/SwiftletGraphics", swiftSettings: fast),
        // Optional SDL2 window that displays canvas frames
        .target(name: "SwiftletViewer",
                dependencies: ["SwiftletGraphics",
                               .target(name: "CSDL2", condition: .when(traits: ["SDL"]))],
                path: "Sources/SwiftletViewer", swiftSettings: fast),
        // Environments: API, spaces, classic control, wrappers, vector envs, registry
        .target(name: "SwiftletEnvironments", dependencies: ["SwiftletRandom", "SwiftletGraphics"],
                path: "Environments", swiftSettings: fast),
        // Agents: DQN, PPO, buffers, schedules, configs, logging, evaluation
        .target(name: "SwiftletAgents",
                dependencies: ["SwiftletCore", "SwiftletNN", "SwiftletEnvironments",
                               .product(name: "Yams", package: "Yams")],
                path: "Agents", swiftSettings: fast),
        // The `swiftlet` command line
        .executableTarget(name: "SwiftletCLI",
                          dependencies: ["SwiftletAgents", "SwiftletViewer", "SwiftletGraphics",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Sources/SwiftletCLI", swiftSettings: fast),
        // Release-mode benchmarks (driven by Benchmarks/run.sh)
        .executableTarget(name: "SwiftletBench",
                          dependencies: ["SwiftletCore", "SwiftletNN", "SwiftletEnvironments", "SwiftletAgents", "CBLAS"],
                          path: "Benchmarks/Sources/SwiftletBench", swiftSettings: fast),

        // Tests
        .target(name: "TestSupport", dependencies: ["SwiftletCore"], path: "Tests/TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["SwiftletCore", "TestSupport"],
                    exclude: ["make_fixtures.py"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNTests", dependencies: ["SwiftletNN", "TestSupport"],
                    exclude: ["make_fixtures.py"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GraphicsTests", dependencies: ["SwiftletGraphics", "SwiftletViewer", "SwiftletEnvironments"],
                    exclude: ["make_frames.py"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EnvironmentsTests", dependencies: ["SwiftletEnvironments", "SwiftletRandom", "SwiftletGraphics", "TestSupport"],
                    exclude: ["make_fixtures.py"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AgentsTests", dependencies: ["SwiftletAgents", "SwiftletNN", "TestSupport"],
                    exclude: ["make_fixtures.py"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["SwiftletGraphics", "SwiftletViewer"],
                    exclude: ["make_fixtures.py", "check_outputs.py"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5]
)
