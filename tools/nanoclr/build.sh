#!/usr/bin/env bash
# tools/nanoclr/build.sh [OUT] [--work DIR] [--force] [--jobs N]
#
# Builds the nanoFramework toolchain the device stage needs (NANOCLR_HOME) from pinned upstream sources:
# the nanoCLR interpreter (nf-interpreter targets/posix), the MetadataProcessor (net10.0), mscorlib from the
# nanoFramework.CoreLibrary package, the test framework and launcher, and reference assemblies of the pinned
# nanoFramework packages. Needs Linux x86_64, git, cmake >= 3.24, a C/C++ compiler, make or ninja, the .NET 10
# SDK and access to GitHub and nuget.org.
#
#   OUT          output folder (default: .nanoclr in the repository); replaced only when the build succeeds
#   --work DIR   keep clones and build trees in DIR and reuse them on the next run (default: a temporary folder,
#                removed after a successful build, kept after a failed one)
#   --force      rebuild even when OUT was built by this version of the script
#   --jobs N     parallel compile jobs for the interpreter (default: the number of CPUs)
#
# NF_GIT_URL overrides where sources are cloned from; {owner} and {repo} are replaced, for example
#   NF_GIT_URL='/srv/mirrors/{owner}+{repo}' tools/nanoclr/build.sh
# Everything is pinned below by full commit id or exact version; change pins only there.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true   # "&" in ${var//pattern/text} is plain text, as before bash 5.2

# ---------------------------------------------------------------------------------------------------------------
# Pins
# ---------------------------------------------------------------------------------------------------------------
NF_INTERPRETER_REPO=nanoframework/nf-interpreter
NF_INTERPRETER_COMMIT=a3e8139a1ba778e33ca81b023099765eada6c456       # main, 2026-07-24 (nanoCLR v1.16.0.0)
METADATA_PROCESSOR_REPO=nanoframework/metadata-processor
METADATA_PROCESSOR_COMMIT=4541b46b25b6ddca89514c6627aa9973021b36d6   # main, 2025-06-03
TESTFRAMEWORK_REPO=nanoframework/nanoFramework.TestFramework
TESTFRAMEWORK_COMMIT=d4fa55eb58a9ef2f4635e87da79d42e6c49b04b4        # main, 2025-09-30
TESTFRAMEWORK_VERSION=3.0.0.0
CORELIBRARY_VERSION=1.17.11                                           # NuGet nanoFramework.CoreLibrary
MONO_CECIL_VERSION=0.11.6                                             # NuGet, as upstream's project files
SYSTEM_DRAWING_COMMON_VERSION=8.0.30                                  # NuGet, System.Drawing for net10.0

# Reference assemblies (ref/), in build order: each may reference mscorlib and the ones above it.
# assembly  version  NuGet package  repository  commit  built from  project
REFERENCE_ASSEMBLIES='
nanoFramework.Runtime.Events 1.11.39.0 nanoFramework.Runtime.Events nanoframework/nanoFramework.Runtime.Events ec7a0a09fea0d53fd9bfaaef6ec857802d87bcc0 v1.11.37+1 nanoFramework.Runtime.Events/nanoFramework.Runtime.Events.nfproj
nanoFramework.Runtime.Native 1.7.11.0 nanoFramework.Runtime.Native nanoframework/nanoFramework.Runtime.Native e70ef6920ca811b0403d667036fcbdc605d0e66e v1.7.11 nanoFramework.Runtime.Native/nanoFramework.Runtime.Native.nfproj
nanoFramework.System.Text 1.3.42.0 nanoFramework.System.Text nanoframework/System.Text a231e6e090940b21dc8a1593ffc09179f08ff1b0 v1.3.42 nanoFramework.System.Text/nanoFramework.System.Text.nfproj
nanoFramework.System.Collections 1.5.75.0 nanoFramework.System.Collections nanoframework/System.Collections c334f95df155fb0546fc1461cd1b143afd637121 v1.5.75 nanoFramework.System.Collections/nanoFramework.System.Collections.nfproj
System.Threading 1.1.52.0 nanoFramework.System.Threading nanoframework/System.Threading 866134ed5ae3faad59a2e5339c33d56f77eebee4 v1.1.52 nanoFramework.System.Threading/nanoFramework.System.Threading.nfproj
System.Math 1.5.116.0 nanoFramework.System.Math nanoframework/System.Math 67b21d83360a5777dadbafec6e4143551a7c43ea v1.5.116 nanoFramework.System.Math/nanoFramework.System.Math.nfproj
nanoFramework.ResourceManager 1.2.32.0 nanoFramework.ResourceManager nanoframework/nanoFramework.ResourceManager af07686277c7f40d659fa7ddfb545acf490d04b5 v1.2.32 nanoFramework.ResourceManager/nanoFramework.ResourceManager.nfproj
System.IO.Streams 1.1.96.0 nanoFramework.System.IO.Streams nanoframework/System.IO.Streams e6d0ae8b640fa2b1b701f671801c662d16d9cd00 v1.1.96 System.IO.Streams/System.IO.Streams.nfproj
System.IO.FileSystem 1.1.93.0 nanoFramework.System.IO.FileSystem nanoframework/System.IO.FileSystem 434b26c6db29708367e4df3f4ea82095ef843372 v1.1.93 System.IO.FileSystem/System.IO.FileSystem.nfproj
System.Device.Adc 1.1.24.0 nanoFramework.System.Device.Adc nanoframework/System.Device.Adc ac05de033b9dbdc647b61e88e7a5fe28bc2057bf v1.1.24 System.Device.Adc/System.Device.Adc.nfproj
System.Device.I2c 1.1.29.0 nanoFramework.System.Device.I2c nanoframework/System.Device.I2c ac5858c8be7d7b917854328ebc023c8bf66dbfee v1.1.29 System.Device.I2c/System.Device.I2c.nfproj
System.Device.Gpio 1.1.62.0 nanoFramework.System.Device.Gpio nanoframework/System.Device.Gpio cd99158280e0f5c24102981c26baf69facda4d17 v1.1.62 System.Device.Gpio/System.Device.Gpio.nfproj
System.Net 1.11.60.0 nanoFramework.System.Net nanoframework/System.Net 713b02c9fea5265e4e70981a9115daa3b5745c4c v1.11.54 nanoFramework.System.Net/System.Net.nfproj
System.Device.Wifi 1.5.149.0 nanoFramework.System.Device.Wifi nanoframework/System.Device.Wifi 282a90676d5b2b7fa583a4efeb47ec5cac77fa0e v1.5.147 System.Device.Wifi/System.Device.Wifi.nfproj
nanoFramework.Hardware.Esp32 1.6.42.0 nanoFramework.Hardware.Esp32 nanoframework/nanoFramework.Hardware.Esp32 579dbaf231d7fa7ab2672d81176a4a59b7d60bfb v1.6.42 nanoFramework.Hardware.Esp32/nanoFramework.Hardware.Esp32.nfproj
System.Net.Http 1.5.210.0 nanoFramework.System.Net.Http nanoframework/System.Net.Http a37532d0bc21386611029a61a53261bc3205c786 v1.5.210 nanoFramework.System.Net.Http/System.Net.Http.nfproj
nanoFramework.Networking.Sntp 1.6.42.0 nanoFramework.Networking.Sntp nanoframework/nanoFramework.Networking.Sntp 8e44b13844de7c28b9c022a21565dd53c3de40e1 v1.6.42 nanoFramework.Networking.Sntp/nanoFramework.Networking.Sntp.nfproj
nanoFramework.M2Mqtt.Core 5.1.220.0 nanoFramework.M2Mqtt nanoframework/nanoFramework.m2mqtt 820878720740409782046cb85329884d59ba9974 v5.1.220 nanoFramework.M2Mqtt.Core/nanoFramework.M2Mqtt.Core.nfproj
nanoFramework.M2Mqtt 5.1.220.0 nanoFramework.M2Mqtt nanoframework/nanoFramework.m2mqtt 820878720740409782046cb85329884d59ba9974 v5.1.220 M2Mqtt/nanoFramework.M2Mqtt.nfproj
System.Buffers.Binary.BinaryPrimitives 1.2.862.0 nanoFramework.System.Buffers.Binary.BinaryPrimitives nanoframework/nanoFramework.IoT.Device 122ebb1a7aa12f29df2c177a8f79dca963fa4c1e main devices/System.Buffers.Binary.BinaryPrimitives/System.Buffers.Binary.BinaryPrimitives.nfproj
System.Device.Model 1.2.862.0 nanoFramework.System.Device.Model nanoframework/nanoFramework.IoT.Device 122ebb1a7aa12f29df2c177a8f79dca963fa4c1e main devices/System.Device.Model/System.Device.Model.nfproj
UnitsNet.Duration 5.75.0.0 UnitsNet.nanoFramework.Duration angularsen/UnitsNet 597686aa3cfef27ff0446e2ad201bc656b57f3bf UnitsNet/5.75.0 UnitsNet.NanoFramework/GeneratedCode/Duration/Duration.nfproj
UnitsNet.ElectricResistance 5.75.0.0 UnitsNet.nanoFramework.ElectricResistance angularsen/UnitsNet 597686aa3cfef27ff0446e2ad201bc656b57f3bf UnitsNet/5.75.0 UnitsNet.NanoFramework/GeneratedCode/ElectricResistance/ElectricResistance.nfproj
UnitsNet.Length 5.75.0.0 UnitsNet.nanoFramework.Length angularsen/UnitsNet 597686aa3cfef27ff0446e2ad201bc656b57f3bf UnitsNet/5.75.0 UnitsNet.NanoFramework/GeneratedCode/Length/Length.nfproj
UnitsNet.Pressure 5.75.0.0 UnitsNet.nanoFramework.Pressure angularsen/UnitsNet 597686aa3cfef27ff0446e2ad201bc656b57f3bf UnitsNet/5.75.0 UnitsNet.NanoFramework/GeneratedCode/Pressure/Pressure.nfproj
UnitsNet.RelativeHumidity 5.75.0.0 UnitsNet.nanoFramework.RelativeHumidity angularsen/UnitsNet 597686aa3cfef27ff0446e2ad201bc656b57f3bf UnitsNet/5.75.0 UnitsNet.NanoFramework/GeneratedCode/RelativeHumidity/RelativeHumidity.nfproj
UnitsNet.Temperature 5.75.0.0 UnitsNet.nanoFramework.Temperature angularsen/UnitsNet 597686aa3cfef27ff0446e2ad201bc656b57f3bf UnitsNet/5.75.0 UnitsNet.NanoFramework/GeneratedCode/Temperature/Temperature.nfproj
Iot.Device.Common.WeatherHelper 1.2.891.0 nanoFramework.Iot.Device.Common.WeatherHelper nanoframework/nanoFramework.IoT.Device 122ebb1a7aa12f29df2c177a8f79dca963fa4c1e main devices/WeatherHelper/WeatherHelper.nfproj
Iot.Device.Bmxx80 1.2.931.0 nanoFramework.Iot.Device.Bmxx80 nanoframework/nanoFramework.IoT.Device 122ebb1a7aa12f29df2c177a8f79dca963fa4c1e main devices/Bmxx80/Bmxx80.nfproj
Iot.Device.DhcpServer 1.2.909.0 nanoFramework.Iot.Device.DhcpServer nanoframework/nanoFramework.IoT.Device 122ebb1a7aa12f29df2c177a8f79dca963fa4c1e main devices/DhcpServer/DhcpServer.nfproj
nanoFramework.WebServer 1.2.151.0 nanoFramework.WebServer nanoframework/nanoFramework.WebServer 2fc79c1f6bc27e37cb1b417885b789f90c0a4ffc v1.2.151 nanoFramework.WebServer/nanoFramework.WebServer.nfproj
'

# ---------------------------------------------------------------------------------------------------------------
# Arguments, environment
# ---------------------------------------------------------------------------------------------------------------
HERE="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
DEFAULT_GIT_URL='https://github.com/{owner}/{repo}.git'
NF_GIT_URL="${NF_GIT_URL:-$DEFAULT_GIT_URL}"

die() { echo "build.sh: error: $*" >&2; exit 1; }
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }

OUT=""
WORK=""
FORCE=0
JOBS="$(nproc 2>/dev/null || echo 2)"
while [ $# -gt 0 ]; do
    case "$1" in
        --work)    [ $# -ge 2 ] || die "--work needs a folder"; WORK="$2"; shift 2 ;;
        --work=*)  WORK="${1#--work=}"; shift ;;
        --force)   FORCE=1; shift ;;
        --jobs)    [ $# -ge 2 ] || die "--jobs needs a number"; JOBS="$2"; shift 2 ;;
        --jobs=*)  JOBS="${1#--jobs=}"; shift ;;
        -h|--help) usage; exit 0 ;;
        -*)        usage >&2; die "unknown option: $1" ;;
        *)         [ -z "$OUT" ] || die "more than one output folder given"; OUT="$1"; shift ;;
    esac
done
case "$JOBS" in ''|*[!0-9]*|0) die "bad --jobs value: $JOBS" ;; esac
OUT="${OUT:-$REPO_ROOT/.nanoclr}"
mkdir -p "$(dirname "$OUT")"
OUT="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1

# The fingerprint of this script and the files it installs: a folder built by the same ones is up to date.
fingerprint() {
    (cd "$HERE" && sha256sum build.sh to-pe run-tests SmokeTest.cs) | sha256sum | cut -d' ' -f1
}
STAMP_FILE=.build-stamp
FINGERPRINT="$(fingerprint)"

if [ "$FORCE" = 0 ] && [ -f "$OUT/$STAMP_FILE" ] && [ "$(cat "$OUT/$STAMP_FILE")" = "$FINGERPRINT" ] \
    && [ -x "$OUT/bin/nanoclr" ] && [ -x "$OUT/run-tests" ] && [ -x "$OUT/to-pe" ]; then
    echo "build.sh: $OUT is up to date (built by this version of tools/nanoclr; --force rebuilds it)"
    exit 0
fi
if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT" 2>/dev/null)" ] && [ ! -f "$OUT/$STAMP_FILE" ]; then
    die "$OUT exists and was not made by this script; remove it or choose another output folder"
fi

# ---------------------------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------------------------
[ "$(uname -s)" = Linux ] || die "Linux is required (found $(uname -s))"
[ "$(uname -m)" = x86_64 ] || die "x86_64 is required (found $(uname -m))"
for tool in git cmake dotnet sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found in PATH"
done
command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || command -v clang++ >/dev/null 2>&1 \
    || die "no C++ compiler found (apt-get install build-essential)"
if command -v ninja >/dev/null 2>&1; then
    GENERATOR=Ninja
elif command -v make >/dev/null 2>&1; then
    GENERATOR="Unix Makefiles"
else
    die "neither ninja nor make found (apt-get install build-essential or ninja-build)"
fi
git_version="$(git --version | sed -n 's/^git version \([0-9][0-9.]*\).*/\1/p')"
if [ "$(printf '%s\n' 2.27 "$git_version" | sort -V | head -1)" != 2.27 ]; then
    die "git 2.27 or newer is required for sparse, partial clones (found ${git_version:-unknown})"
fi
cmake_version="$(cmake --version | sed -n '1s/^cmake version \([0-9][0-9.]*\).*/\1/p')"
if [ "$(printf '%s\n' 3.24 "$cmake_version" | sort -V | head -1)" != 3.24 ]; then
    die "cmake 3.24 or newer is required (found ${cmake_version:-unknown})"
fi
dotnet --list-sdks 2>/dev/null | grep -q '^10\.' || die "the .NET 10 SDK is required (dotnet --list-sdks lists none)"

# ---------------------------------------------------------------------------------------------------------------
# Work folder, logging
# ---------------------------------------------------------------------------------------------------------------
KEEP_WORK=1
if [ -z "$WORK" ]; then
    WORK="$(mktemp -d -t nanoclr-build.XXXXXX)"
    KEEP_WORK=0
fi
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
mkdir -p "$WORK/src" "$WORK/build" "$WORK/proj" "$WORK/logs"

STAGE="$OUT.partial"
rm -rf "$STAGE"
mkdir -p "$STAGE/bin" "$STAGE/lib" "$STAGE/mdp" "$STAGE/tf" "$STAGE/ref"

STEP=""
started=$(date +%s)
step() {
    STEP="$1"
    printf '[%4ds] %s\n' "$(( $(date +%s) - started ))" "$STEP"
}
on_exit() {
    local rc=$?
    if [ "$rc" != 0 ]; then
        echo "build.sh: FAILED while: ${STEP:-starting} (exit status $rc)" >&2
        echo "build.sh: logs and sources are kept in $WORK; $OUT was left unchanged" >&2
        rm -rf "$STAGE"
    fi
}
trap on_exit EXIT

# run LOGNAME COMMAND...: runs quietly into $WORK/logs/LOGNAME.log; on failure prints the end of the log.
run() {
    local log="$WORK/logs/$1.log"
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "---- last lines of $log" >&2
        tail -n 60 "$log" >&2
        echo "---- command: $*" >&2
        return 1
    fi
}

# Generated projects must not pick up a Directory.Build.* or Directory.Packages.props from folders above them.
DOTNET_PROPS=(-p:ImportDirectoryBuildProps=false -p:ImportDirectoryBuildTargets=false -p:ImportDirectoryPackagesProps=false)

# ---------------------------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------------------------
git_url() {
    local owner="${1%%/*}" repo="${1#*/}" url="$NF_GIT_URL"
    url="${url//\{owner\}/$owner}"
    printf '%s' "${url//\{repo\}/$repo}"
}

# checkout OWNER/REPO COMMIT DIR...: prints a folder holding exactly that commit, with only the given folders of it
# (and the files at its top) checked out: a shallow, sparse clone that downloads no other file where the server
# allows it. A clean clone of the same commit from an earlier run is reused, and widened to DIR... if needed.
checkout() {
    local repo="$1" commit="$2"
    shift 2
    local dir="$WORK/src/${repo#*/}-${commit:0:12}" url log="$WORK/logs/git-${repo#*/}.log"
    url="$(git_url "$repo")"
    if [ -d "$dir/.git" ] && [ "$(git -C "$dir" rev-parse HEAD 2>/dev/null)" = "$commit" ] \
        && [ -z "$(git -C "$dir" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        sparse_add "$dir" "$@"
        echo "$dir"
        return
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    {
        git -C "$dir" init -q
        git -C "$dir" remote add origin "$url"
        git -C "$dir" sparse-checkout set --cone "$@"
    } >"$log" 2>&1 || { cat "$log" >&2; die "cannot prepare a clone in $dir"; }
    if ! git -C "$dir" fetch -q --depth 1 --filter=blob:none origin "$commit" >>"$log" 2>&1; then
        # A server that does not serve single commits: fetch its branches and tags and look for the commit there.
        git -C "$dir" fetch -q --filter=blob:none --tags origin '+refs/heads/*:refs/remotes/origin/*' >>"$log" 2>&1 \
            || { cat "$log" >&2; die "cannot fetch $url"; }
    fi
    git -C "$dir" -c advice.detachedHead=false checkout -q "$commit" >>"$log" 2>&1 \
        || { cat "$log" >&2; die "cannot check out $commit from $url"; }
    [ "$(git -C "$dir" rev-parse HEAD)" = "$commit" ] || die "$url: checked out $(git -C "$dir" rev-parse HEAD), expected $commit"
    echo "$dir"
}

# sparse_add CLONE DIR...: checks out more folders of a clone made by checkout.
sparse_add() {
    local clone="$1" missing=() d
    shift
    for d in "$@"; do
        [ -e "$clone/$d" ] || missing+=("$d")
    done
    [ ${#missing[@]} -eq 0 ] && return
    git -C "$clone" sparse-checkout add "${missing[@]}" >>"$WORK/logs/git-sparse.log" 2>&1 \
        || { tail -n 20 "$WORK/logs/git-sparse.log" >&2; die "cannot check out ${missing[*]} in $clone"; }
}

# ---------------------------------------------------------------------------------------------------------------
# nanoCLR interpreter
# ---------------------------------------------------------------------------------------------------------------
step "nanoCLR: fetching $NF_INTERPRETER_REPO@$NF_INTERPRETER_COMMIT"
NF_SRC="$(checkout "$NF_INTERPRETER_REPO" "$NF_INTERPRETER_COMMIT" src targets/posix)"

step "nanoCLR: building targets/posix (Release, $JOBS jobs)"
# A wrapper project around targets/posix, unchanged, that only makes the harness find the library through
# $ORIGIN/../lib, so the toolchain folder can be copied anywhere.
mkdir -p "$WORK/build/nanoclr-wrapper"
cat >"$WORK/build/nanoclr-wrapper/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.24)
project(nanoclr_toolchain LANGUAGES C CXX)
add_subdirectory("${NF_INTERPRETER_SOURCE}/targets/posix" posix)
set_target_properties(nanoFramework.nanoCLR.test PROPERTIES
    BUILD_WITH_INSTALL_RPATH ON
    INSTALL_RPATH "$ORIGIN/../lib")
EOF
if [ -f "$WORK/build/nanoclr/CMakeCache.txt" ] \
    && ! grep -qx "CMAKE_GENERATOR:INTERNAL=$GENERATOR" "$WORK/build/nanoclr/CMakeCache.txt"; then
    rm -rf "$WORK/build/nanoclr"   # made with another generator by an earlier run
fi
run cmake-configure cmake -S "$WORK/build/nanoclr-wrapper" -B "$WORK/build/nanoclr" -G "$GENERATOR" \
    -DCMAKE_BUILD_TYPE=Release -DNANO_POSIX_ENABLE_SMOKE=ON -DNF_INTERPRETER_SOURCE="$NF_SRC"
run cmake-build cmake --build "$WORK/build/nanoclr" --parallel "$JOBS"
install -m 755 "$WORK/build/nanoclr/bin/nanoFramework.nanoCLR.test" "$STAGE/bin/nanoclr"
install -m 755 "$WORK/build/nanoclr/lib/nanoFramework.nanoCLR.so" "$STAGE/lib/nanoFramework.nanoCLR.so"
banner="$("$STAGE/bin/nanoclr" 2>&1)" || die "bin/nanoclr does not start: $banner"
NANOCLR_BANNER="$(printf '%s\n' "$banner" | grep -m1 -o 'nanoCLR Linux v[0-9.]*' || true), $(printf '%s\n' "$banner" | grep -m1 -o 'nanoCLR v[0-9.]*' || true)"

# ---------------------------------------------------------------------------------------------------------------
# mscorlib (NuGet)
# ---------------------------------------------------------------------------------------------------------------
step "mscorlib: nanoFramework.CoreLibrary $CORELIBRARY_VERSION from NuGet"
mkdir -p "$WORK/proj/restore"
cat >"$WORK/proj/restore/restore.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <NoWarn>\$(NoWarn);NU1701</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="nanoFramework.CoreLibrary" Version="[$CORELIBRARY_VERSION]" ExcludeAssets="all" />
  </ItemGroup>
</Project>
EOF
run restore-corelibrary dotnet restore "$WORK/proj/restore/restore.csproj" --packages "$WORK/packages" "${DOTNET_PROPS[@]}"
CORELIB_DIR="$WORK/packages/nanoframework.corelibrary/$CORELIBRARY_VERSION/lib"
for f in mscorlib.dll mscorlib.pe; do
    [ -f "$CORELIB_DIR/$f" ] || die "the nanoFramework.CoreLibrary package has no lib/$f"
    install -m 644 "$CORELIB_DIR/$f" "$STAGE/tf/$f"
done

# ---------------------------------------------------------------------------------------------------------------
# MetadataProcessor
# ---------------------------------------------------------------------------------------------------------------
step "MetadataProcessor: fetching $METADATA_PROCESSOR_REPO@$METADATA_PROCESSOR_COMMIT"
MDP_SRC="$(checkout "$METADATA_PROCESSOR_REPO" "$METADATA_PROCESSOR_COMMIT" \
    MetadataProcessor.Shared MetadataProcessor.Core MetadataProcessor.Console)"

step "MetadataProcessor: building for net10.0"
# Upstream's projects are .NET Framework 4.7.2 ones. These SDK-style projects compile the same sources for
# net10.0, except the skeleton generator and the metadata dump, which render through mustache-sharp (left out):
# -generateskeleton and -dump_all report that they are not available.
MDP_PROJ="$WORK/proj/mdp"
rm -rf "$MDP_PROJ"
mkdir -p "$MDP_PROJ/Core" "$MDP_PROJ/Console"
cat >"$MDP_PROJ/Core/nanoFramework.Tools.MetadataProcessor.Core.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <AssemblyName>nanoFramework.Tools.MetadataProcessor.Core</AssemblyName>
    <RootNamespace>nanoFramework.Tools.MetadataProcessor.Core</RootNamespace>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <ImplicitUsings>disable</ImplicitUsings>
    <Nullable>disable</Nullable>
    <DebugType>none</DebugType>
    <NoWarn>\$(NoWarn);CS0618;CS1591;CA1416;NU1701</NoWarn>
  </PropertyGroup>
  <Import Project="$MDP_SRC/MetadataProcessor.Shared/MetadataProcessor.Shared.projitems" />
  <ItemGroup>
    <Compile Remove="$MDP_SRC/MetadataProcessor.Shared/nanoSkeletonGenerator.cs" />
    <Compile Remove="$MDP_SRC/MetadataProcessor.Shared/nanoDumperGenerator.cs" />
    <Compile Include="$MDP_SRC/MetadataProcessor.Core/Properties/AssemblyInfo.cs" />
    <Compile Include="WithoutTemplates.cs" />
  </ItemGroup>
  <ItemGroup>
    <PackageReference Include="Mono.Cecil" Version="[$MONO_CECIL_VERSION]" />
    <PackageReference Include="System.Drawing.Common" Version="[$SYSTEM_DRAWING_COMMON_VERSION]" />
  </ItemGroup>
</Project>
EOF
cat >"$MDP_PROJ/Core/WithoutTemplates.cs" <<'EOF'
using System;

namespace nanoFramework.Tools.MetadataProcessor.Core
{
    // Upstream renders skeletons and dumps with mustache-sharp, which this build leaves out.
    public sealed class nanoSkeletonGenerator
    {
        public nanoSkeletonGenerator(nanoTablesContext tablesContext, string path, string name, string project, bool withoutInteropCode, bool isCoreLib)
        {
        }

        public void GenerateSkeleton()
        {
            throw new NotSupportedException("Skeleton generation (mustache-sharp) is not available in this build.");
        }
    }

    public sealed class nanoDumperGenerator
    {
        public nanoDumperGenerator(nanoTablesContext tablesContext, string path)
        {
        }

        public void DumpAll()
        {
            throw new NotSupportedException("Metadata dump (mustache-sharp) is not available in this build.");
        }
    }
}
EOF
cat >"$MDP_PROJ/Console/nanoFramework.Tools.MetadataProcessor.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <RollForward>Major</RollForward>
    <AssemblyName>nanoFramework.Tools.MetadataProcessor</AssemblyName>
    <RootNamespace>nanoFramework.Tools.MetadataProcessor.Console</RootNamespace>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <ImplicitUsings>disable</ImplicitUsings>
    <Nullable>disable</Nullable>
    <DebugType>none</DebugType>
    <UseAppHost>false</UseAppHost>
    <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
    <NoWarn>\$(NoWarn);CS0618;CS1591;CA1416;NU1701</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$MDP_SRC/MetadataProcessor.Console/Program.cs" />
    <Compile Include="$MDP_SRC/MetadataProcessor.Console/Properties/AssemblyInfo.cs" />
    <ProjectReference Include="../Core/nanoFramework.Tools.MetadataProcessor.Core.csproj" />
    <PackageReference Include="Mono.Cecil" Version="[$MONO_CECIL_VERSION]" />
  </ItemGroup>
</Project>
EOF
run mdp-publish dotnet publish "$MDP_PROJ/Console/nanoFramework.Tools.MetadataProcessor.csproj" -c Release -o "$STAGE/mdp" \
    "${DOTNET_PROPS[@]}"
MDP="$STAGE/mdp/nanoFramework.Tools.MetadataProcessor.dll"
[ -f "$MDP" ] || die "the MetadataProcessor build produced no $MDP"

step "MetadataProcessor: checking that it reproduces the package's mscorlib.pe"
# The package's mscorlib.pe was made by upstream's MetadataProcessor: the same bytes show the conversion matches.
mkdir -p "$WORK/build/check"
rm -f "$WORK/build/check/mscorlib.pe"
run mdp-mscorlib dotnet "$MDP" -parse "$STAGE/tf/mscorlib.dll" -compile "$WORK/build/check/mscorlib.pe" true
cmp -s "$WORK/build/check/mscorlib.pe" "$STAGE/tf/mscorlib.pe" \
    || die "the MetadataProcessor converts mscorlib.dll to a .pe that differs from the package's mscorlib.pe"

install -m 755 "$HERE/to-pe" "$STAGE/to-pe"
install -m 755 "$HERE/run-tests" "$STAGE/run-tests"

# ---------------------------------------------------------------------------------------------------------------
# nanoFramework assemblies from their .nfproj
# ---------------------------------------------------------------------------------------------------------------
# evaluate PROJECT JSON: the project's Compile, Reference, ProjectReference and EmbeddedResource items and the
# properties the build needs, as MSBuild evaluates them (the nanoFramework project system's imports are absent and
# skipped), written as JSON.
evaluate() {
    local log="$WORK/logs/evaluate-$(basename "$1").log"
    if ! dotnet msbuild "$1" -p:Configuration=Release -getItem:Compile -getItem:Reference -getItem:ProjectReference \
        -getItem:EmbeddedResource -getProperty:AssemblyName -getProperty:OutputType -getProperty:SignAssembly \
        -getProperty:AssemblyOriginatorKeyFile -getProperty:DefineConstants -getProperty:AllowUnsafeBlocks \
        -getProperty:LangVersion -getProperty:Nullable >"$2" 2>"$log"; then
        cat "$2" "$log" >&2
        die "MSBuild cannot evaluate $1"
    fi
}
# json_property JSON NAME / json_items JSON ITEMTYPE METADATA: one value per line (perl's JSON::PP reads it).
json_property() {
    perl -MJSON::PP -e 'binmode STDOUT, ":encoding(UTF-8)"; local $/; open my $f, "<", $ARGV[0] or die "$ARGV[0]: $!";
        my $j = decode_json(<$f>); my $v = $j->{Properties}{$ARGV[1]}; print defined $v ? "$v\n" : "\n";' "$1" "$2"
}
json_items() {
    perl -MJSON::PP -e 'binmode STDOUT, ":encoding(UTF-8)"; local $/; open my $f, "<", $ARGV[0] or die "$ARGV[0]: $!";
        my $j = decode_json(<$f>); print "$_->{$ARGV[2]}\n" for @{ $j->{Items}{$ARGV[1]} || [] };' "$1" "$2" "$3"
}

# existing_path PATH: PATH, or the file whose path matches it ignoring case (project files written on Windows
# name some sources with another case than the repository has).
existing_path() {
    if [ -e "$1" ]; then
        echo "$1"
        return
    fi
    local parent match
    [ "$1" != / ] || return 1
    parent="$(existing_path "$(dirname "$1")")" || return 1
    match="$(find "$parent" -mindepth 1 -maxdepth 1 -iname "$(basename "$1")" -print -quit)"
    [ -n "$match" ] || return 1
    echo "$match"
}

# find_reference NAME: the dll for an assembly name among those built so far.
find_reference() {
    local dir
    for dir in "$STAGE/tf" "$STAGE/ref"; do
        if [ -f "$dir/$1.dll" ]; then
            echo "$dir/$1.dll"
            return
        fi
    done
    return 1
}

# item_path PATH: PATH as text for an MSBuild item or property in a project file (XML and MSBuild escapes).
item_path() {
    local p="$1"
    p="${p//%/%25}"; p="${p//;/%3B}"; p="${p//\$/%24}"; p="${p//@/%40}"; p="${p//\'/%27}"; p="${p//\*/%2A}"; p="${p//\?/%3F}"
    p="${p//&/&amp;}"; p="${p//</&lt;}"; p="${p//>/&gt;}"; p="${p//\"/&quot;}"
    printf '%s' "$p"
}

# compile_assembly: compiles one nanoFramework assembly as an SDK-style project with no standard library (mscorlib and
# the other nanoFramework dlls are its only references), Release, into $A_OUTDIR/$A_NAME.dll. It reads:
#   A_NAME, A_VERSION (AssemblyVersion; checked against the sources when they declare one), A_SOURCES (in compile
#   order), A_REFERENCES (dll paths), A_OUTDIR, and optionally A_OUTPUT_TYPE (Library), A_KEYFILE (sign with it),
#   A_FILE_VERSION (AssemblyFileVersion), A_DEFINES, A_UNSAFE, A_LANG (C# version; default: the SDK's) and
#   A_NULLABLE (default: disable).
compile_assembly() {
    local name="$A_NAME" dir="$WORK/proj/nf/$A_NAME" version_attributes="" declared f
    rm -rf "$dir"
    mkdir -p "$dir"
    if ! grep -hEq '^[[:space:]]*\[assembly:[[:space:]]*(System\.Reflection\.)?AssemblyVersion' "${A_SOURCES[@]}"; then
        version_attributes="[assembly: System.Reflection.AssemblyVersion(\"$A_VERSION\")]"
    else
        declared="$(grep -hEo 'AssemblyVersion(Attribute)?\("[^"]*"\)' "${A_SOURCES[@]}" | head -1 | sed 's/.*("\(.*\)")/\1/')"
        case "$A_VERSION" in
            "$declared"|"$declared.0"|"$declared.0.0") ;;
            *) die "$name declares AssemblyVersion $declared in its sources, the pin says $A_VERSION" ;;
        esac
    fi
    if [ -n "${A_FILE_VERSION:-}" ]; then
        version_attributes="$version_attributes
[assembly: System.Reflection.AssemblyFileVersion(\"$A_FILE_VERSION\")]"
    fi
    {
        cat <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <AssemblyName>$name</AssemblyName>
    <OutputType>${A_OUTPUT_TYPE:-Library}</OutputType>
    <NoStdLib>true</NoStdLib>
    <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
    <NoCompilerStandardLib>true</NoCompilerStandardLib>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <GenerateTargetFrameworkAttribute>false</GenerateTargetFrameworkAttribute>
    <GenerateRuntimeConfigurationFiles>false</GenerateRuntimeConfigurationFiles>
    <GenerateDependencyFile>false</GenerateDependencyFile>
    <UseAppHost>false</UseAppHost>
    <ImplicitUsings>disable</ImplicitUsings>
    <Nullable>${A_NULLABLE:-disable}</Nullable>
    <DebugType>none</DebugType>
    <Deterministic>true</Deterministic>
    <AllowUnsafeBlocks>${A_UNSAFE:-false}</AllowUnsafeBlocks>
    <NoWarn>\$(NoWarn);CS1591</NoWarn>
EOF
        [ -z "${A_LANG:-}" ] || echo "    <LangVersion>$A_LANG</LangVersion>"
        [ -z "${A_DEFINES:-}" ] || echo "    <DefineConstants>\$(DefineConstants);$A_DEFINES</DefineConstants>"
        if [ -n "${A_KEYFILE:-}" ]; then
            echo "    <SignAssembly>true</SignAssembly>"
            echo "    <AssemblyOriginatorKeyFile>$(item_path "$A_KEYFILE")</AssemblyOriginatorKeyFile>"
        fi
        echo "  </PropertyGroup>"
        echo "  <ItemGroup>"
        for f in "${A_REFERENCES[@]}"; do echo "    <Reference Include=\"$(item_path "$f")\" />"; done
        for f in "${A_SOURCES[@]}"; do echo "    <Compile Include=\"$(item_path "$f")\" />"; done
        [ -z "$version_attributes" ] || echo "    <Compile Include=\"Version.cs\" />"
        echo "  </ItemGroup>"
        echo "</Project>"
    } >"$dir/$name.csproj"
    [ -z "$version_attributes" ] || printf '%s\n' "$version_attributes" >"$dir/Version.cs"
    run "build-$name" dotnet build "$dir/$name.csproj" -c Release "${DOTNET_PROPS[@]}"
    local built="$dir/bin/Release/net10.0/$name.dll"
    [ -f "$built" ] || die "building $name produced no $built"
    install -m 644 "$built" "$A_OUTDIR/$name.dll"
}

# build_nfproj NFPROJ NAME VERSION OUTDIR [FILE_VERSION]: compiles the sources a .nfproj lists, in its order, with its
# key, C# version, nullable context, defines and references (found among the dlls built so far), as compile_assembly.
build_nfproj() {
    local nfproj="$1" json="$WORK/logs/evaluate-$2.json"
    [ -f "$nfproj" ] || die "no project $nfproj"
    evaluate "$nfproj" "$json"
    A_NAME="$2" A_VERSION="$3" A_OUTDIR="$4" A_FILE_VERSION="${5:-}"
    local declared
    declared="$(json_property "$json" AssemblyName)"
    [ "$declared" = "$A_NAME" ] || die "$nfproj builds assembly '$declared', expected '$A_NAME'"
    A_OUTPUT_TYPE="$(json_property "$json" OutputType)"
    A_DEFINES="$(json_property "$json" DefineConstants)"
    A_UNSAFE="$(json_property "$json" AllowUnsafeBlocks)"
    A_LANG="$(json_property "$json" LangVersion)"
    A_NULLABLE="$(json_property "$json" Nullable)"
    A_KEYFILE=""
    if [ "$(json_property "$json" SignAssembly | tr '[:upper:]' '[:lower:]')" = true ]; then
        A_KEYFILE="$(json_property "$json" AssemblyOriginatorKeyFile)"
        A_KEYFILE="$(realpath -m "$(dirname "$nfproj")/${A_KEYFILE//\\//}")"
    fi
    if [ -n "$(json_items "$json" EmbeddedResource FullPath)" ]; then
        die "$nfproj embeds resources, which this script does not build"
    fi
    # Sources and key may lie outside the project's folder: check their folders out too.
    local root dirs=() relative item path
    root="$(git -C "$(dirname "$nfproj")" rev-parse --show-toplevel)"
    while IFS= read -r item; do
        relative="$(realpath -m --relative-to="$root" "$(dirname "$item")")"
        case "$relative" in .|..|../*) ;; *) dirs+=("$relative") ;; esac
    done < <(json_items "$json" Compile FullPath; [ -z "$A_KEYFILE" ] || echo "$A_KEYFILE")
    [ ${#dirs[@]} -eq 0 ] || sparse_add "$root" "${dirs[@]}"
    [ -z "$A_KEYFILE" ] || [ -f "$A_KEYFILE" ] || die "$nfproj signs with $A_KEYFILE, which is missing"
    A_SOURCES=()
    while IFS= read -r item; do
        path="$(existing_path "$item")" || die "$nfproj compiles $item, which does not exist"
        A_SOURCES+=("$path")
    done < <(json_items "$json" Compile FullPath)
    [ ${#A_SOURCES[@]} -gt 0 ] || die "$nfproj compiles no source file"
    A_REFERENCES=()
    while IFS= read -r item; do
        item="${item%%,*}"
        path="$(find_reference "$item")" || die "$A_NAME references $item, which is not built (yet): check the build order"
        A_REFERENCES+=("$path")
    done < <(json_items "$json" Reference Identity)
    while IFS= read -r item; do
        item="$(basename "$item" .nfproj)"
        path="$(find_reference "$item")" || die "$A_NAME references project $item, which is not built (yet)"
        A_REFERENCES+=("$path")
    done < <(json_items "$json" ProjectReference FullPath)
    compile_assembly
}

# ---------------------------------------------------------------------------------------------------------------
# Test framework
# ---------------------------------------------------------------------------------------------------------------
step "TestFramework: fetching $TESTFRAMEWORK_REPO@$TESTFRAMEWORK_COMMIT"
TF_SRC="$(checkout "$TESTFRAMEWORK_REPO" "$TESTFRAMEWORK_COMMIT" source)"

step "TestFramework: building nanoFramework.TestFramework and nanoFramework.UnitTestLauncher $TESTFRAMEWORK_VERSION"
build_nfproj "$TF_SRC/source/TestFramework/nanoFramework.TestFramework.nfproj" nanoFramework.TestFramework \
    "$TESTFRAMEWORK_VERSION" "$STAGE/tf" "$TESTFRAMEWORK_VERSION"
build_nfproj "$TF_SRC/source/UnitTestLauncher/nanoFramework.UnitTestLauncher.nfproj" nanoFramework.UnitTestLauncher \
    "$TESTFRAMEWORK_VERSION" "$STAGE/tf" "$TESTFRAMEWORK_VERSION"
for name in nanoFramework.TestFramework nanoFramework.UnitTestLauncher; do
    run "to-pe-$name" "$STAGE/to-pe" "$STAGE/tf/$name.pe" "$STAGE/tf/$name.dll"
    rm -f "$STAGE/tf/$name.pdbx"
done

# ---------------------------------------------------------------------------------------------------------------
# Reference assemblies
# ---------------------------------------------------------------------------------------------------------------
REF_ROWS=""
while read -r name version package repo commit from nfproj; do
    [ -n "$name" ] || continue
    step "ref: $name $version ($repo $from)"
    src="$(checkout "$repo" "$commit" "$(dirname "$nfproj")")"
    build_nfproj "$src/$nfproj" "$name" "$version" "$STAGE/ref"
    REF_ROWS="$REF_ROWS| $name | $package | $version | $repo \`$from\` (\`${commit:0:12}\`) |
"
done <<<"$REFERENCE_ASSEMBLIES"

# ---------------------------------------------------------------------------------------------------------------
# Smoke test: one test assembly compiled, converted and run with what was built
# ---------------------------------------------------------------------------------------------------------------
step "smoke test: a test assembly on the interpreter"
mkdir -p "$WORK/build/smoke"
# C# 7.3, as device code is written: in a test assembly compiled as C# 11 or newer (which adds the RefSafetyRules
# module attribute) the launcher finds no test.
A_NAME=NFUnitTest A_VERSION=1.0.0.0 A_OUTDIR="$WORK/build/smoke" A_OUTPUT_TYPE=Library A_KEYFILE="" A_FILE_VERSION=""
A_DEFINES="" A_UNSAFE=false A_LANG=7.3 A_NULLABLE=disable
A_SOURCES=("$HERE/SmokeTest.cs")
A_REFERENCES=("$STAGE/tf/mscorlib.dll" "$STAGE/tf/nanoFramework.TestFramework.dll")
compile_assembly
run smoke-to-pe "$STAGE/to-pe" "$WORK/build/smoke/NFUnitTest.pe" "$WORK/build/smoke/NFUnitTest.dll"
run smoke-run "$STAGE/run-tests" --timeout 120 "$WORK/build/smoke/NFUnitTest.pe"
summary="$(tail -n 1 "$WORK/logs/smoke-run.log")"
[ "$summary" = "2 passed, 0 failed, 0 skipped" ] || die "smoke test: expected '2 passed, 0 failed, 0 skipped', got '$summary'"

# ---------------------------------------------------------------------------------------------------------------
# README, stamp, publish
# ---------------------------------------------------------------------------------------------------------------
step "writing $OUT"
SDK_VERSION="$(dotnet --version)"
CXX="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$WORK/build/nanoclr/CMakeCache.txt")"
CXX_VERSION="$("${CXX:-c++}" --version 2>/dev/null | head -1)"
cat >"$STAGE/README.md" <<EOF
# nanoFramework unit-test toolchain (Linux x86_64, relocatable)

Built by \`tools/nanoclr/build.sh\` from pinned upstream sources (do not edit; run the script again instead).
Runs nanoFramework unit tests (nanoFramework.TestFramework) on Linux, without a device, in the nanoCLR
interpreter. The folder is self-locating: copy it anywhere (read-only is fine) and call the scripts through any
path or symlink. Needs glibc/libstdc++ as on the machine that built it and \`dotnet\` (.NET 10 runtime or SDK;
only \`to-pe\` uses it).

## Contents

| Path | What |
|---|---|
| \`bin/nanoclr\` | nanoCLR POSIX interpreter (nf-interpreter \`targets/posix\`, Release), RUNPATH \`\$ORIGIN/../lib\` |
| \`lib/nanoFramework.nanoCLR.so\` | the CLR itself, loaded by \`bin/nanoclr\` |
| \`mdp/\` | MetadataProcessor (converts a .NET assembly .dll to a nanoCLR .pe), net10.0 build; run with \`dotnet mdp/nanoFramework.Tools.MetadataProcessor.dll ...\` |
| \`tf/mscorlib.{dll,pe}\` | nanoFramework.CoreLibrary $CORELIBRARY_VERSION (from NuGet, unchanged) |
| \`tf/nanoFramework.TestFramework.{dll,pe}\` | TestFramework, AssemblyVersion $TESTFRAMEWORK_VERSION (compile tests against this dll) |
| \`tf/nanoFramework.UnitTestLauncher.{dll,pe}\` | test launcher (entry point), AssemblyVersion $TESTFRAMEWORK_VERSION |
| \`ref/\` | reference assemblies of the pinned nanoFramework packages (below) |
| \`to-pe\` | \`to-pe OUT.pe IN.dll [REF.dll ...]\` - convert an assembly to .pe |
| \`run-tests\` | \`run-tests [--timeout S] [DEP.pe ...] NFUnitTest.pe\` - run tests |

## Versions (source commits)

* $NF_INTERPRETER_REPO \`$NF_INTERPRETER_COMMIT\` (banner: $NANOCLR_BANNER), no patches; compiled with $CXX_VERSION
* $METADATA_PROCESSOR_REPO \`$METADATA_PROCESSOR_COMMIT\` (SDK-style net10.0 build; Mono.Cecil $MONO_CECIL_VERSION, System.Drawing.Common $SYSTEM_DRAWING_COMMON_VERSION)
* $TESTFRAMEWORK_REPO \`$TESTFRAMEWORK_COMMIT\`
* nanoFramework.CoreLibrary $CORELIBRARY_VERSION (mscorlib; the MetadataProcessor here reproduces its mscorlib.pe byte for byte)
* .NET SDK $SDK_VERSION compiled the managed assemblies

## Usage

\`\`\`
# compile MyLib.dll and NFUnitTest.dll against tf/mscorlib.dll (+ tf/nanoFramework.TestFramework.dll)
to-pe MyLib.pe      MyLib.dll
to-pe NFUnitTest.pe NFUnitTest.dll MyLib.dll       # every referenced assembly's dll as REF
run-tests MyLib.pe NFUnitTest.pe; echo "exit \$?"
\`\`\`

\`to-pe\` always passes load hints for mscorlib and nanoFramework.TestFramework (from \`tf/\`), plus one per
REF.dll (hint name = file name without \`.dll\`). It is quiet on success (it also writes \`OUT.pdbx\`); on
failure it prints the MetadataProcessor's output and exits non-zero.

\`run-tests\` runs \`bin/nanoclr\` with \`tf/mscorlib.pe\`, \`tf/nanoFramework.UnitTestLauncher.pe\`,
\`tf/nanoFramework.TestFramework.pe\` and the given .pe files (dependencies first), prints the interpreter
output, then a final line \`N passed, N failed, N skipped\`. Exit status: 0 = at least one test passed and none
failed; 1 = some test failed; 2 = no test passed (load/resolve error, wrong assembly name, ...) or bad usage /
interpreter crash; 124 = timeout (default 600 s). The interpreter itself exits 0 even when tests fail.

## Facts for test authors

* The test assembly must be named \`NFUnitTest\`: the launcher does \`Assembly.Load("NFUnitTest")\`.
* Result lines: \`Test passed,<Namespace.Class.Method>.<index>,<ticks>\`, \`Test failed,<name>,<message>\`,
  \`Test skipped,<name>,<message>\`. \`[Setup]\` and \`[Cleanup]\` methods are reported as tests too.
* nanoCLR compares only major.minor of referenced assembly versions, so tests built against the NuGet
  nanoFramework.TestFramework 3.0.x also bind to the $TESTFRAMEWORK_VERSION TestFramework here.
* The MetadataProcessor refuses an assembly whose byte code exceeds 64 KiB ("Byte code table overflow").
* MetadataProcessor options \`-generateskeleton\` and \`-dump_all\` are unavailable in this build (upstream renders
  them with mustache-sharp, left out here; they throw NotSupportedException). Embedded bitmap resources need
  System.Drawing (not supported on Linux).

## Reference assemblies of the pinned packages (\`ref/\`)

Compile-time references for the nanoFramework packages the ESP32 projects pin, so that device-only code can be
compiled (and converted with \`to-pe\`) on Linux. Each was compiled from the sources its upstream \`.nfproj\`
lists, in that order and with the project's C# version, nullable context and defines, at the commit below, as an
SDK-style project with \`NoStdLib\`, \`DisableImplicitFrameworkReferences\` and \`NoCompilerStandardLib\`,
referencing \`tf/mscorlib.dll\` and the dlls above it, signed with the repository's key where the project signs
(UnitsNet's do not), with the package's assembly version. They are for compiling against, not for running: their
native methods exist only in a device's firmware image. Where a package version has no tag upstream, the nearest
commit on the 1.x line was used (\`built from\`).

| dll | package | assembly version | built from |
|---|---|---|---|
$REF_ROWS
EOF
echo "$FINGERPRINT" >"$STAGE/$STAMP_FILE"
chmod -R a+rX "$STAGE"

rm -rf "$OUT"
mv "$STAGE" "$OUT"
if [ "$KEEP_WORK" = 0 ]; then
    rm -rf "$WORK"
fi
step "done: NANOCLR_HOME=$OUT"
