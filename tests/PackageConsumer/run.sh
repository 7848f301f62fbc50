#!/usr/bin/env bash
# The NetGen package as a user consumes it. Packs src/NetGen (Release), copies this folder (a console app targeting
# net8.0 and net10.0) to a temporary folder, restores NetGen from a folder feed into an empty NUGET_PACKAGES (so no
# cached 0.1.0 can stand in for the package just built; the other packages still come from the configured "nuget.org"
# source), builds it, runs both builds, and builds once more with a declaration the analyzers must reject.
#
# Checks, one "PASS name: detail" or "FAIL name: detail" line each:
#   build          the app builds from the package (generator, analyzers and the weights build step), warnings as errors
#   trains         (per framework) the app's own network trains: the generator ran in the user's compiler
#   baked weights  (per framework) BakedIris, [Network(Weights = "iris.safetensors")], predicts like the file loaded
#                  at run time and gets the class right: build/NetGen.targets and NetGen.Build work from the package
#   bad declaration  Inputs = 0 fails the build with error NG0002, and the error's help link is absolute and opens
#                  an existing page
# Only the .NET 10 runtime is installed here: the net8.0 build is compiled against the net8.0 reference assemblies
# (the targeting pack is restored as a package) and run on .NET 10 with DOTNET_ROLL_FORWARD=Major.
#
# The last line is "package consumer: N passed, N failed"; the exit code is 0 only if every check passed. .ci/run adds
# the counts to its own.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
check() { # name, 0 for pass, detail
  if [ "$2" -eq 0 ]; then echo "PASS $1: $3"; passed=$((passed + 1)); else echo "FAIL $1: $3"; failed=$((failed + 1)); fi
}
finish() {
  echo "package consumer: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}

# The package a local pack makes: no public home is set, so it is marked as staying on this machine (Directory.Build.props).
if ! dotnet pack "$repo/src/NetGen" -c Release -o "$work/feed" -p:NetGenLocalPackage=true > "$work/pack.log" 2>&1; then
  cat "$work/pack.log"
  check pack 1 "dotnet pack src/NetGen failed"
  finish
fi
package=$(cd "$work/feed" && ls NetGen.*.nupkg | grep -v '\.snupkg$' | head -1)
version=${package#NetGen.}
version=${version%.nupkg}
echo "packed $package ($(stat -c %s "$work/feed/$package") bytes) and $(cd "$work/feed" && ls ./*.snupkg | xargs -n1 basename)"

mkdir "$work/app"
(cd "$repo/tests/PackageConsumer" && tar --exclude=bin --exclude=obj --exclude=run.sh -cf - .) | tar -xf - -C "$work/app"
# NetGen only from the folder feed; everything else from the machine's configured source, whose key is "nuget.org".
cat > "$work/app/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="netgen-local" value="$work/feed" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="netgen-local">
      <package pattern="NetGen" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF
export NUGET_PACKAGES="$work/packages"

cd "$work/app"
if dotnet build -c Release -p:NetGenVersion="$version" > "$work/build.log" 2>&1; then
  check build 0 "net8.0 and net10.0 from $package"
else
  grep -E "error|warning" "$work/build.log" | sort -u | head -40
  check build 1 "the app does not build from $package"
  finish
fi

for framework in net10.0 net8.0; do
  output=$(DOTNET_ROLL_FORWARD=Major dotnet "bin/Release/$framework/Consumer.dll" 2>&1)
  code=$?
  echo "$output" | grep -E '^(PASS|FAIL) ' > "$work/checks" || true
  while read -r verdict rest; do
    if [ "$verdict" = PASS ]; then check "${rest%%:*}" 0 "${rest#*: }"; else check "${rest%%:*}" 1 "${rest#*: }"; fi
  done < "$work/checks"
  if [ "$code" -ne 0 ] && ! grep -q '^FAIL ' "$work/checks"; then
    echo "$output"
    check "run $framework" 1 "exited with $code"
  fi
done

# A declaration the analyzers reject must fail the user's build with its NG error, whose help link opens its page.
if dotnet build -c Release -f net10.0 --no-restore -p:NetGenVersion="$version" -p:NetGenBadDeclaration=true > "$work/bad.log" 2>&1; then
  check "bad declaration" 1 "the build with Inputs = 0 succeeded"
else
  error=$(grep -m1 -E 'BadNet\.cs\([0-9]+,[0-9]+\): error NG0002' "$work/bad.log")
  link=$(echo "$error" | grep -oE '\((https?|file)://[^ )]*NG0002\.md\)' | tr -d '()')
  page=""
  case "$link" in
    file://*) page=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(urllib.parse.urlparse(sys.argv[1]).path))' "$link") ;;
    http*) page="$repo/docs/rules/NG0002.md" ;; # the page this repository publishes there
  esac
  if [ -n "$error" ] && [ -n "$link" ] && [ -f "$page" ]; then
    check "bad declaration" 0 "error NG0002 on BadNet.cs, help link $link"
  else
    grep -E "error" "$work/bad.log" | sort -u | head -10
    check "bad declaration" 1 "no error NG0002 on BadNet.cs with a help link to an existing page"
  fi
fi

finish
