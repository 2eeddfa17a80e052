#!/usr/bin/env bash
# Installs Debian packages when we are allowed to (root or passwordless sudo); otherwise says what is missing.
set -u
if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "Please install these Debian packages: $*" >&2; exit 1; fi
command -v apt-get >/dev/null || { echo "No apt-get here; please install: $*" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq "$@" >/dev/null 2>&1 || { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq "$@" >/dev/null; }
