#!/bin/sh
# 5 seeds per algorithm and environment with RL-Zoo presets; prints a Markdown
# table (docs/AGENTS.md). Not in CI: takes long (about an hour on one core).
set -e
cd "$(dirname "$0")/.."
SWIFTLET_VERIFY=1 swift test -c release --filter VerificationTests 2>&1 | grep '^|'
