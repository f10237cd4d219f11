import A2C
import SwiftletCommandLine

// Swiftlet's command line with this package's algorithm and environment
// registered: `swiftlet-extended train CartPole-v1 --algo a2c`, then `eval`,
// `watch --record`, `plot` and `train --resume` on its run folder.
Algorithms.register(A2C.self, summary: "Advantage Actor-Critic (SB3 semantics)")
SwiftletCommand.main()
