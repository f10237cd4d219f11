/// RL-Baselines3-Zoo's tuned hyperparameters (hyperparams/ppo.yml and
/// dqn.yml), including gSDE where the zoo uses it (PPO Pendulum with
/// sde_sample_freq 4, PPO MountainCarContinuous).
extension PPOConfig {
    /// Environment ids with a PPO preset.
    public static let presetIDs = ["CartPole-v1", "Acrobot-v1", "MountainCar-v0", "Pendulum-v1", "MountainCarContinuous-v0"]

    /// The RL-Zoo preset for `envID`, or SB3's defaults for an id without one.
    public static func preset(for envID: String) -> PPOConfig {
        var c = PPOConfig()
        switch envID {
        case "CartPole-v1":
            c.nEnvs = 8; c.nTimesteps = 100_000; c.nSteps = 32; c.batchSize = 256; c.gaeLambda = 0.8
            c.gamma = 0.98; c.nEpochs = 20; c.entCoef = 0
            c.learningRate = 1e-3; c.lrSchedule = .linear; c.clipRange = 0.2; c.clipRangeSchedule = .linear
        case "Acrobot-v1":
            c.normalizeObservation = true; c.normalizeReward = true
            c.nEnvs = 16; c.nTimesteps = 1_000_000; c.nSteps = 256; c.gaeLambda = 0.94; c.gamma = 0.99
            c.nEpochs = 4; c.entCoef = 0
        case "MountainCar-v0":
            c.normalizeObservation = true; c.normalizeReward = false
            c.nEnvs = 16; c.nTimesteps = 1_000_000; c.nSteps = 16; c.gaeLambda = 0.98; c.gamma = 0.99
            c.nEpochs = 4; c.entCoef = 0
        case "Pendulum-v1":
            c.nEnvs = 4; c.nTimesteps = 100_000; c.nSteps = 1024; c.gaeLambda = 0.95; c.gamma = 0.9
            c.nEpochs = 10; c.entCoef = 0; c.learningRate = 1e-3; c.clipRange = 0.2
            c.useSde = true; c.sdeSampleFreq = 4
        case "MountainCarContinuous-v0":
            c.normalizeObservation = true; c.normalizeReward = true
            c.nEnvs = 1; c.nTimesteps = 20_000; c.batchSize = 256; c.nSteps = 8; c.gamma = 0.9999
            c.learningRate = 7.77e-5; c.entCoef = 0.00429; c.clipRange = 0.1; c.nEpochs = 10
            c.gaeLambda = 0.9; c.maxGradNorm = 5; c.vfCoef = 0.19
            c.logStdInit = -3.29; c.orthoInit = false; c.useSde = true
            c.batchSize = 8  // zoo: 256 > n_steps × n_envs = 8; SB3 truncates to the rollout
        default:
            break
        }
        c.evalFreq = max(c.nTimesteps / 10, 1)
        c.logInterval = max(c.nSteps * c.nEnvs, 1)
        return c
    }
}

extension DQNConfig {
    /// Environment ids with a DQN preset.
    public static let presetIDs = ["CartPole-v1", "Acrobot-v1", "MountainCar-v0"]

    /// The RL-Zoo preset for `envID`, or SB3's defaults for an id without one.
    public static func preset(for envID: String) -> DQNConfig {
        var c = DQNConfig()
        switch envID {
        case "CartPole-v1":
            c.nTimesteps = 50_000; c.learningRate = 2.3e-3; c.batchSize = 64; c.bufferSize = 100_000
            c.learningStarts = 1000; c.gamma = 0.99; c.targetUpdateInterval = 10; c.trainFreq = 256
            c.gradientSteps = 128; c.explorationFraction = 0.16; c.explorationFinalEps = 0.04; c.netArch = [256, 256]
        case "Acrobot-v1":
            c.nTimesteps = 100_000; c.learningRate = 6.3e-4; c.batchSize = 128; c.bufferSize = 50_000
            c.learningStarts = 0; c.gamma = 0.99; c.targetUpdateInterval = 250; c.trainFreq = 4
            c.gradientSteps = -1; c.explorationFraction = 0.12; c.explorationFinalEps = 0.1; c.netArch = [256, 256]
        case "MountainCar-v0":
            c.nTimesteps = 120_000; c.learningRate = 4e-3; c.batchSize = 128; c.bufferSize = 10_000
            c.learningStarts = 1000; c.gamma = 0.98; c.targetUpdateInterval = 600; c.trainFreq = 16
            c.gradientSteps = 8; c.explorationFraction = 0.2; c.explorationFinalEps = 0.07; c.netArch = [256, 256]
        default:
            break
        }
        c.evalFreq = max(c.nTimesteps / 10, 1)
        c.logInterval = 1_000
        return c
    }
}
