// swift-tools-version: 6.1
import PackageDescription

// No unsafe build flags anywhere: SwiftPM refuses them in a package used as a
// versioned dependency (`.package(url:from:)`), and every library product
// must stay usable that way (.ci/check-versioned-dependency.sh). Release
// speed comes from the source instead: `@exclusivity(unchecked)` on the hot
// stored properties of classes (what `-enforce-exclusivity=unchecked` gave)
// and `@inlinable` hot paths (Swift 6.3 release builds also apply
// conservative cross-module optimization by default).

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
        .library(name: "SwiftletCommandLine", targets: ["SwiftletCommandLine"]),
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
                path: "Sources/SwiftletRandom"),
        // Tensor core: tensor, ops + backward, autograd engine (re-exports SwiftletRandom)
        .target(name: "SwiftletCore",
                dependencies: ["SwiftletRandom", "CBLAS", "CSwiftletSupport", .product(name: "RealModule", package: "swift-numerics")],
                path: "Sources/SwiftletCore"),
        // Neural-network layer: modules, optimizers, distributions, checkpoints
        .target(name: "SwiftletNN", dependencies: ["SwiftletCore", "CSwiftletSupport"],
                path: "Sources/SwiftletNN"),
        // Software canvas and image encoders (PNG, GIF)
        .target(name: "SwiftletGraphics", dependencies: ["CZlib"],
                path: "Sources/SwiftletGraphics"),
        // Optional SDL2 window that displays canvas frames
        .target(name: "SwiftletViewer",
                dependencies: ["SwiftletGraphics",
                               .target(name: "CSDL2", condition: .when(traits: ["SDL"]))],
                path: "Sources/SwiftletViewer"),
        // Environments: API, spaces, classic control, wrappers, vector envs, registry
        // Sequentially consistent atomics for the vector environments' worker pool
        .target(name: "CSwiftletAtomics", path: "Sources/CSwiftletAtomics"),
        .target(name: "SwiftletEnvironments", dependencies: ["SwiftletRandom", "SwiftletGraphics", "CSwiftletAtomics"],
                path: "Environments"),
        // Agents: DQN, PPO, buffers, schedules, configs, logging, evaluation
        .target(name: "SwiftletAgents",
                dependencies: ["SwiftletCore", "SwiftletNN", "SwiftletEnvironments",
                               .product(name: "Yams", package: "Yams")],
                path: "Agents"),
        // The `swiftlet` command line, as a library (a package that registers
        // its own algorithms or environments builds its own `swiftlet` from it)
        .target(name: "SwiftletCommandLine",
                dependencies: ["SwiftletAgents", "SwiftletViewer", "SwiftletGraphics",
                               .product(name: "ArgumentParser", package: "swift-argument-parser")],
                path: "Sources/SwiftletCommandLine"),
        // The `swiftlet` executable
        .executableTarget(name: "SwiftletCLI", dependencies: ["SwiftletCommandLine"],
                          path: "Sources/SwiftletCLI"),
        // Release-mode benchmarks (driven by Benchmarks/run.sh)
        .executableTarget(name: "SwiftletBench",
                          dependencies: ["SwiftletCore", "SwiftletNN", "SwiftletEnvironments", "SwiftletAgents", "CBLAS"],
                          path: "Benchmarks/Sources/SwiftletBench"),

        // Tests
        // Run by CoreTests in a fresh process: what loading the library and
        // ProcessSettings do to malloc and the environment.
        .executableTarget(name: "ProcessSettingsProbe", dependencies: ["SwiftletCore"],
                          path: "Tests/ProcessSettingsProbe"),
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
