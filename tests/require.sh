# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by test scripts: require TOOL PACKAGE... fails the test (it never
# skips) with one line naming the missing tool and the Debian package that
# brings it. Test-only tools are looked up at test time, so that building
# needs only the build dependencies.
# shellcheck shell=sh
require() {
  while [ $# -ge 2 ]; do
    if ! command -v "$1" >/dev/null 2>&1; then
      echo "Bail out! $1 not found: install $2 (bash scripts/deps.sh test)"
      exit 1
    fi
    shift 2
  done
}
