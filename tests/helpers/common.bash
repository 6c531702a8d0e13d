# Loaded by every bats file: bats-assert, bats-support and the build's bin/.
bats_require_minimum_version 1.5.0
# Each file does:  setup() { load helpers/common; }
bats_load_library bats-support 2>/dev/null || load /usr/lib/bats/bats-support/load
bats_load_library bats-assert 2>/dev/null || load /usr/lib/bats/bats-assert/load

: "${DNSTK_TOP:=$(cd "$BATS_TEST_DIRNAME/.." && pwd)}"
: "${DNSTK_BUILD:=$DNSTK_TOP/build}"
PATH=$DNSTK_BUILD/bin:$PATH
FIX=$DNSTK_TOP/tests/fixtures
export DNSTK_TOP DNSTK_BUILD FIX

# test_cmp EXPECT ACTUAL: whole-file comparison with a diff on failure.
test_cmp() {
	diff -u "$1" "$2" || fail "files differ: $1 $2"
}
