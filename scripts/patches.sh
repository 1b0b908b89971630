#!/usr/bin/env bash
# Edits patches/*.patch (MicroPython's edits, see patches/README.md) with git:
#   scripts/patches.sh tree DIR     DIR becomes a git repository of micropython/py with one
#                                   commit per patch (subject: the patch's name, body: its why)
#   scripts/patches.sh export DIR   writes each commit after the first back to patches/
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 tree|export DIR" >&2; exit 2; }
case "$cmd" in
tree)
    [ -e "$dir" ] && { echo "$dir exists; remove it first" >&2; exit 1; }
    mkdir -p "$dir"
    cp -r "$root/micropython/py" "$dir/py"
    cd "$dir"
    git init -q
    git add -A && git commit -qm "MicroPython as pinned by scripts/setup.sh"
    for patch in "$root"/patches/*.patch; do
        git apply --whitespace=nowarn "$patch"
        # The commit message: the file's name, then the lines before its first diff.
        { basename "$patch" .patch; echo; sed -n '/^--- /q;p' "$patch"; } > .git/upy-msg
        git add -A && git commit -q -F .git/upy-msg
    done
    echo "$dir: $(git rev-list --count HEAD) commits (the first is MicroPython's own)"
    ;;
export)
    cd "$dir"
    rm -f "$root"/patches/*.patch
    for commit in $(git rev-list --reverse HEAD | tail -n +2); do
        name=$(git log -1 --format=%s "$commit")
        out="$root/patches/$name.patch"
        { git log -1 --format=%b "$commit" | sed -e '${/^$/d;}'; echo;
          git diff -U3 --no-color "$commit^" "$commit" | grep -v '^diff --git \|^index '; } > "$out"
    done
    echo "wrote $(ls "$root"/patches/*.patch | wc -l) patches"
    ;;
*) echo "usage: $0 tree|export DIR" >&2; exit 2 ;;
esac
