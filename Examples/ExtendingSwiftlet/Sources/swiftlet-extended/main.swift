import A2C
import Catch
import SwiftletCommandLine

// Swiftlet's command line with this package's algorithm and environment
// registered: `swiftlet-extended train CartPole-v1 --algo a2c`, then `eval`,
// `watch --record`, `plot` and `train --resume` on its run folder; and
// `swiftlet-extended train Catch-v0 --algo ppo` (or dqn, or a2c).
Algorithms.register(A2C.self, summary: "Advantage Actor-Critic (SB3 semantics)")
Catch.register()
SwiftletCommand.main()
