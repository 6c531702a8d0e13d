#!/usr/bin/env bats
# Shared CLI and build behaviour: options named once in messages, one
# write error message, bash completion of --opt=VALUE in a real bash,
# `dnstk help` finding tools on PATH, a second make that does nothing,
# packaging (flags from the environment, -Werror only with WERROR=1,
# install places, exact uninstall, LICENSE).

setup() {
	load helpers/common
}

complete_line() {	# LINE: what a real bash makes of LINE + TAB
	command -v python3 >/dev/null || skip "no python3"
	timeout 30 python3 "$DNSTK_TOP/tests/helpers/bash-complete.py" \
	    "$DNSTK_TOP/completions/dnstk.bash" "$1"
}

@test "bash completes --option=VALUE (bash splits the word at '=')" {
	run complete_line "dnstk-wire --format=te"
	assert_success
	assert_output "dnstk-wire --format=text"
	run complete_line "dnstk-opt-dump --format=j"
	assert_success
	assert_output "dnstk-opt-dump --format=json"
	run complete_line "dnstk wire --in=h"
	assert_success
	assert_output "dnstk wire --in=hex"
	# the separate-word form still works, and option names complete
	run complete_line "dnstk-wire --format t"
	assert_success
	assert_output "dnstk-wire --format text"
	run complete_line "dnstk-opt-dump --for"
	assert_success
	assert_output "dnstk-opt-dump --format="
}

@test "bash completes dig's +words for dnstk-query, from its own table" {
	run complete_line "dnstk-query +shor"
	assert_success
	assert_output "dnstk-query +short"
	run complete_line "dnstk query example.test +nodnss"
	assert_success
	assert_output "dnstk query example.test +nodnssec"
	# a word that needs a value stops at '=' for it
	run complete_line "dnstk-query +bufs"
	assert_success
	assert_output "dnstk-query +bufsize="
	# every word the completion offers is one dnstk-query takes
	for w in $(dnstk-query --dnstk-options | awk -F'\t' '$1=="words"{ print $2 }'); do
		case $w in
		+subnet=) w=${w}192.0.2.0/24 ;;
		+ednsopt=) w=${w}65001:cafe ;;
		*=) w=${w}2 ;;
		esac
		[ "$w" = +cmd ] && continue	# only +nocmd means something
		# --raw with no input: the words are read, nothing is sent
		run --separate-stderr dnstk-query @127.0.0.1 -p 9 --raw "$w" </dev/null
		assert_success
	done
	run --separate-stderr dnstk-query @127.0.0.1 -p 9 --raw +shrt </dev/null
	assert_failure 2
}

@test "a ranged option's error names it once, with the range" {
	run --separate-stderr dnstk-query --port=99999 example.
	assert_failure 2
	[[ $stderr == "dnstk-query: --port: '99999' is too large (1-65535)"* ]] ||
	    fail "$stderr"
	for t in dnstk-query dnstk-edns-probe; do
		run --separate-stderr "$t" --tries=0 example.
		assert_failure 2
		[[ $stderr == "$t: --tries: '0' is too small (1-100)"* ]] ||
		    fail "$stderr"
	done
	run --separate-stderr dnstk-query --concurrency=x example.
	assert_failure 2
	[[ $stderr == "dnstk-query: --concurrency: 'x' is "* ]] || fail "$stderr"
	[[ $stderr != *----* ]] || fail "$stderr"
}

@test "output past the stdio buffer into /dev/full: one message, exit 3" {
	[ -w /dev/full ] || skip "no /dev/full"
	for i in $(seq 1 3000); do echo "x$i. 1 IN A 192.0.2.1"; done \
	    > "$BATS_TEST_TMPDIR/many.txt"
	run bash -c 'dnstk-wire --rr < "$1" > /dev/full' _ "$BATS_TEST_TMPDIR/many.txt"
	assert_failure 3
	[ "$(grep -c 'cannot write output' <<<"$output")" -eq 1 ] ||
	    fail "not once: $output"
	run bash -c 'for i in $(seq 1 300); do cat "$1"; done |
	    dnstk-opt-dump > /dev/full' _ "$DNSTK_TOP/tests/fixtures/edns/good.hex"
	assert_failure 3
	[ "$(grep -c 'cannot write output' <<<"$output")" -eq 1 ] ||
	    fail "not once: $output"
	# small output: the message comes from the final flush, also once
	run bash -c 'echo "x. 1 IN A 192.0.2.1" | dnstk-wire --rr > /dev/full'
	assert_failure 3
	[ "$(grep -c 'cannot write output' <<<"$output")" -eq 1 ] ||
	    fail "not once: $output"
}

@test "dnstk help lists dnstk-* tools found on PATH, dnstk runs them" {
	bin=$BATS_TEST_TMPDIR/bin
	mkdir -p "$bin"
	cat > "$bin/dnstk-hello" <<'SH'
#!/bin/sh
case $1 in
--dnstk-options) printf 'summary\tSay hello from PATH.\noperands\t\n' ;;
*) echo "hello $*" ;;
esac
SH
	chmod +x "$bin/dnstk-hello"
	# not executable: not a tool
	printf '#!/bin/sh\n' > "$bin/dnstk-noexec"
	PATH=$bin:$PATH run dnstk help
	assert_success
	assert_output --regexp '  hello +Say hello from PATH\.'
	assert_output --partial "Convert DNS messages"
	refute_output --partial "noexec"
	# a tool beside dnstk wins over one of the same name on PATH, once
	[ "$(grep -c '^  wire ' <<<"$output")" -eq 1 ] || fail "wire twice"
	PATH=$bin:$PATH run dnstk hello a b
	assert_success
	assert_output "hello a b"
}

@test "dnstk's option dump comes from its table" {
	run dnstk --dnstk-options
	assert_success
	assert_line --index 0 "summary	Run a dnstk tool: dnstk NAME [ARGS ...]."
	assert_line --partial "option	h	help	none"
	assert_line --partial "option	V	version	none"
}

@test "a second make after the first rebuilds nothing" {
	command -v make >/dev/null || skip "no make"
	# The suite runs after `make all`: everything must be up to date,
	# with nothing deleted as an intermediate.
	# (BUILD relative to the top when it is inside: the dependency files
	# name their targets that way, so headers count too)
	build=$DNSTK_BUILD
	case $build in "$DNSTK_TOP"/*) build=${build#"$DNSTK_TOP"/} ;; esac
	run make -q -C "$DNSTK_TOP" BUILD="$build" all
	assert_success
	for o in obj/cmd/wire.o obj/tests/unit/tap.o obj/tests/helpers/dnsdouble.o; do
		[ -f "$DNSTK_BUILD/$o" ] || fail "$o was deleted"
	done
}

@test "packaging: CPPFLAGS, CFLAGS and LDFLAGS from the environment; -Werror only with WERROR=1" {
	out=$BATS_TEST_TMPDIR/b
	# (CI exports WERROR=1: this build is the packager's, without it)
	run env -u WERROR -u MAKEFLAGS -u MAKELEVEL CPPFLAGS=-D_FORTIFY_SOURCE=2 CFLAGS="-O2 -fstack-protector-strong" \
	    LDFLAGS=-Wl,-z,relro make -n -B -C "$DNSTK_TOP" BUILD="$out" \
	    "$out/bin/dnstk-wire"
	assert_success
	grep -E '^cc .*-D_FORTIFY_SOURCE=2 .*-fstack-protector-strong.* -c -o .*/obj/lib/util/err.o' <<<"$output" ||
	    fail "compile line lacks the flags"
	grep -E '^cc .*-Wl,-z,relro .*-o .*/bin/dnstk-wire ' <<<"$output" ||
	    fail "link line lacks LDFLAGS"
	! grep -q -- -Werror <<<"$output" || fail "-Werror without WERROR=1"
	run make -n -B -C "$DNSTK_TOP" BUILD="$out" WERROR=1 "$out/obj/lib/util/err.o"
	assert_success
	assert_output --partial -Werror
	grep -q 'WERROR=1' "$DNSTK_TOP/.ci/run" || fail ".ci/run without WERROR=1"
}

@test "packaging: completions go where the shells look under the default prefix" {
	run make -n -C "$DNSTK_TOP" BUILD="$DNSTK_BUILD" DESTDIR=/nowhere install
	assert_success
	assert_output --partial "/nowhere/usr/local/share/zsh/site-functions"
	assert_output --partial "/nowhere/usr/local/share/fish/vendor_completions.d/\$t.fish"
	assert_output --partial "/nowhere/usr/local/share/bash-completion/completions/dnstk"
	if command -v zsh >/dev/null; then
		zsh -fc 'print -l $fpath' | grep -qx /usr/local/share/zsh/site-functions ||
		    fail "zsh does not look in site-functions"
	fi
}

@test "packaging: make uninstall removes exactly what make install put there" {
	dest=$BATS_TEST_TMPDIR/root
	comp=$dest/usr/local/share/bash-completion/completions
	mkdir -p "$comp" "$dest/usr/local/bin"
	# files of other packages that happen to start with dnstk
	echo other > "$comp/dnstk-other"
	echo other > "$dest/usr/local/bin/dnstk-other"
	run make -s -C "$DNSTK_TOP" BUILD="$DNSTK_BUILD" DESTDIR="$dest" install
	assert_success
	run find "$dest" ! -type d
	[ "${#lines[@]}" -gt 10 ] || fail "install put little there: $output"
	run make -s -C "$DNSTK_TOP" BUILD="$DNSTK_BUILD" DESTDIR="$dest" uninstall
	assert_success
	run bash -c "cd '$dest' && find . ! -type d | sort"
	assert_output "./usr/local/bin/dnstk-other
./usr/local/share/bash-completion/completions/dnstk-other"
}

@test "LICENSE matches the SPDX headers" {
	[ -f "$DNSTK_TOP/LICENSE" ] || fail "no LICENSE"
	head -n 1 "$DNSTK_TOP/LICENSE" | grep -qx 'BSD 3-Clause License'
	grep -q 'Neither the name of the copyright holder' "$DNSTK_TOP/LICENSE"
	run bash -c "grep -rhoE 'SPDX-License-Identifier: [A-Za-z0-9.-]+' '$DNSTK_TOP/lib' '$DNSTK_TOP/cmd' '$DNSTK_TOP/tests' '$DNSTK_TOP/GNUmakefile' | sort -u"
	assert_output "SPDX-License-Identifier: BSD-3-Clause"
}

@test "make check runs a bounded out-of-memory sample; make oom the full sweep" {
	grep -q '^oom:' "$DNSTK_TOP/GNUmakefile" || fail "no oom target"
	grep -q 'make oom' "$DNSTK_TOP/.ci/run" || fail "CI does not run make oom"
	grep -qw parallel "$DNSTK_TOP/tests/deps.sh" || fail "no GNU parallel in deps"
	# the sample of a 1000-allocation sweep is bounded, the full one is not
	source_points() {
		eval "$(sed -n '/^oom_points()/,/^}/p' "$DNSTK_TOP/tests/t0004-oom.bats")"
		oom_points "$1" 3>/dev/null
	}
	run source_points 1000
	assert_success
	[ "${#lines[@]}" -le 34 ] && [ "${#lines[@]}" -ge 20 ] || fail "${#lines[@]} points"
	assert_line --index 0 1
	assert_line --index $(( ${#lines[@]} - 1 )) 1000
	DNSTK_OOM=full run source_points 1000
	[ "${#lines[@]}" -eq 1000 ] || fail "full: ${#lines[@]} points"
}

@test "make demo prints no terminal escapes into a pipe" {
	run bash -c '"$1/tests/demo/run" "$2" | cat' _ "$DNSTK_TOP" "$DNSTK_BUILD"
	assert_success
	assert_output --partial "== dnstk-wire"
	! grep -q $'\033' <<<"$output" || fail "escape sequences in a pipe"
}
