#!/bin/sh
# Multi-seed verification with RL-Zoo presets; prints a Markdown table
# (docs/AGENTS.md) row by row, and '# ...' lines per seed. Not in CI.
# Options through the environment:
#   SWIFTLET_VERIFY_ROWS=ppo/CartPole-v1,dqn/Acrobot-v1   (default: all rows)
#   SWIFTLET_VERIFY_SEEDS=3                               (default: 5)
set -e
cd "$(dirname "$0")/.."
SWIFTLET_VERIFY=1 swift test -c release --filter VerificationTests 2>&1 | grep --line-buffered '^[|#]'
