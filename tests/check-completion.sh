#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the bash completions of quadview and qxl-tune on sample command lines
# and compare the candidates; TAP output. Without bash-completion's
# helpers first, then with them when the package is installed.
# usage: check-completion.sh COMPLETION_DIR LAYOUT_FILE
set -u
export LC_ALL=C
dir=$(cd "$1" && pwd) || exit 1
layouts=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config/quadview" "$work/files"
cp "$layouts" "$work/config/quadview/layouts.ini"
mkdir "$work/files/shared"
touch "$work/files/guest.vv" "$work/files/notes.txt" "$work/files/dom.xml"
mkdir -p "$work/data/applications"
printf '[Desktop Entry]\nX-Quadview-Target=%s\n' 'my vm' >"$work/data/applications/quadview-my_vm-0a1b2c3d.desktop"
printf '[Desktop Entry]\nX-Quadview-Target=%s\n' win11 >"$work/data/applications/quadview-win11-4e5f6a7b.desktop"
printf '[Desktop Entry]\nX-Quadview-Target=%s\n' other >"$work/data/applications/other.desktop"

# complete FILE WORD... -> the candidates, sorted, on one line
complete_line()
{
    local file=$1 helpers=$2
    shift 2
    (
        cd "$work/files" || exit 1
        export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
        [[ $helpers == yes ]] && source /usr/share/bash-completion/bash_completion
        # shellcheck source=/dev/null # the completion file under test
        source "$file"
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        fn=$(complete -p "$1" | sed 's/.*-F \([^ ]*\).*/\1/')
        "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
        printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' '
    )
}

cases=(
    "quadview|a/b%c[d] ünï desk laptop|quadview --layout ''"
    "quadview|desk|quadview --forget-layout d"
    "quadview|--layout --list-layouts|quadview --l"
    "quadview|spice+tls:// spice+unix:// spice://|quadview spi"
    "quadview|guest.vv|quadview gu"
    "quadview|test|quadview -c test:///default ''"
    "quadview|auto wayland x11|quadview --backend ''"
    "quadview|--backend|quadview --b"
    "quadview|--make-launcher|quadview --m"
    "quadview|--spice-shared-dir=|quadview --spice-shared"
    "quadview|shared|quadview --spice-shared-dir s"
    "quadview|lz lz4|quadview --spice-preferred-compression l"
    "quadview|my vm win11|quadview --remove-launcher ''"
    "quadview|win11|quadview -c qemu:///system --remove-launcher w"
    "qxl-tune|linux windows|qxl-tune --guest ''"
    "qxl-tune|1 2 3 4|qxl-tune --heads ''"
    "qxl-tune|--version --vgamem --vram --vram64|qxl-tune --v"
    "qxl-tune|dom.xml|qxl-tune -d 1920x1080 d"
    "qxl-tune|test|qxl-tune -c test:///default --domain ''"
)
modes=(no)
[[ -r /usr/share/bash-completion/bash_completion ]] && modes+=(yes)

echo "1..$((${#cases[@]} * ${#modes[@]}))"
n=0
status=0
for helpers in "${modes[@]}"; do
    for c in "${cases[@]}"; do
        IFS='|' read -r tool want line <<<"$c"
        words=()
        eval "words=($line)"
        got=$(complete_line "$dir/$tool" "$helpers" "${words[@]}")
        n=$((n + 1))
        if [[ $got == "$want" ]]; then
            echo "ok $n - $line (bash-completion: $helpers)"
        else
            echo "not ok $n - $line (bash-completion: $helpers): got '$got', want '$want'"
            status=1
        fi
    done
done
exit $status
