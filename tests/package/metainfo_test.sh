#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The AppStream metainfo is valid and declares the licence the package may carry (issue 22.4): checked
# in every test run, not only when the .deb is built. Exit 77 (skipped) where appstreamcli is not
# installed; packaging/install-deps.sh installs it, so CI runs the check. Usage: metainfo_test.sh FILE
set -euo pipefail
metainfo=$1
command -v appstreamcli >/dev/null || { echo "appstreamcli is not installed: skipped"; exit 77; }
appstreamcli validate --no-net "$metainfo"
grep -q '<project_license>GPL-3.0-or-later</project_license>' "$metainfo" \
    || { echo "metainfo_test: project_license is not GPL-3.0-or-later" >&2; exit 1; }
