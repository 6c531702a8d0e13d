#!/usr/bin/env bats
# Every built dnstk-* keeps the CLI contract: --help, -V, bad options,
# a man page whose SYNOPSIS matches --help, and completions that know
# every long option.

setup() {
	load helpers/common
}

tools() {
	ls "$DNSTK_BUILD"/bin/ | grep '^dnstk-'
}

@test "there is at least one tool" {
	run tools
	assert_success
	assert_output --partial dnstk-wire
}

@test "--help prints usage on stdout and exits 0" {
	for t in $(tools); do
		run --separate-stderr "$t" --help
		assert_success
		assert_line --index 0 --regexp "^usage: $t "
		[ -z "$stderr" ] || fail "$t --help wrote to stderr"
	done
}

@test "-V and --version print the version and exit 0" {
	for t in $(tools); do
		run "$t" -V
		assert_success
		assert_output --regexp "^$t [0-9]+\.[0-9]+"
		run "$t" --version
		assert_success
	done
}

@test "an unknown option exits 2 with the usage on stderr" {
	for t in $(tools); do
		run --separate-stderr "$t" --no-such-option
		assert_failure 2
		[ -z "$output" ] || fail "$t wrote to stdout"
		[[ $stderr == *"$t: unknown or ambiguous option '--no-such-option'"* ]] ||
		    fail "$t: $stderr"
		[[ $stderr == *"usage: $t"* ]] || fail "$t: no usage line"
	done
}

@test "every tool has a man page that passes mandoc -Tlint" {
	for t in $(tools); do
		[ -f "$DNSTK_TOP/docs/man/$t.1" ] || fail "no docs/man/$t.1"
		run mandoc -Tlint -W warning "$DNSTK_TOP/docs/man/$t.1"
		assert_success
		assert_output ""
	done
}

@test "the man page SYNOPSIS matches the usage line of --help" {
	for t in $(tools); do
		want=$("$t" --help | head -n 1 | sed 's/^usage: //')
		got=$(mandoc -Tascii "$DNSTK_TOP/docs/man/$t.1" | col -b |
		    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
		    tr -s ' \t\n' ' ' | sed 's/^ //; s/ $//')
		[ "$got" = "$want" ] || fail "$t: man '$got' != help '$want'"
	done
}

@test "every long option of --help is in the man page and completions" {
	for t in $(tools); do
		man=$(mandoc -Tascii "$DNSTK_TOP/docs/man/$t.1" | col -b)
		for o in $("$t" --help | grep -oE -- '--[a-z0-9-]+' | sort -u); do
			[[ $man == *"$o"* ]] || fail "$t: man page lacks $o"
			grep -q -- "$o" "$DNSTK_TOP/completions/dnstk.bash" ||
			    fail "$t: bash completion lacks $o"
			grep -q -- "${o#--}" "$DNSTK_TOP/completions/_dnstk" ||
			    fail "$t: zsh completion lacks $o"
			grep -q -- "-l ${o#--}" "$DNSTK_TOP/completions/dnstk.fish" ||
			    fail "$t: fish completion lacks $o"
		done
	done
}

@test "the committed completions are what the option tables generate" {
	out=$BATS_TEST_TMPDIR/comp
	mkdir -p "$out"
	run "$DNSTK_TOP/completions/generate" "$DNSTK_BUILD/bin" "$out"
	assert_success
	for f in dnstk.bash _dnstk dnstk.fish; do
		diff -u "$DNSTK_TOP/completions/$f" "$out/$f" ||
		    fail "completions/$f is stale: run 'make completions'"
	done
	run bash -n "$out/dnstk.bash"
	assert_success
}

@test "dnstk lists the tools and runs one" {
	run dnstk
	assert_success
	assert_output --partial "wire"
	assert_output --partial "Convert DNS messages"
	run dnstk help
	assert_success
	run dnstk --version
	assert_success
	assert_output --regexp '^dnstk [0-9]'
	run bash -c 'echo "x. 1 IN A 1.2.3.4" | dnstk wire --rr -w'
	assert_success
	assert_output "0178000001000100000001000401020304"
}

@test "dnstk help NAME shows the tool's help" {
	run dnstk help wire
	assert_success
	assert_line --index 0 --regexp '^usage: dnstk-wire '
}

@test "dnstk refuses an unknown tool or option with exit 2" {
	run --separate-stderr dnstk no-such-tool
	assert_failure 2
	[[ $stderr == *"'no-such-tool' is not a dnstk tool"* ]]
	run --separate-stderr dnstk --bogus
	assert_failure 2
	run --separate-stderr dnstk 'bad/name'
	assert_failure 2
}

@test "a failed write to stdout is an error, not silence" {
	[ -w /dev/full ] || skip "no /dev/full"
	run bash -c 'echo "x. 1 IN A 1.2.3.4" | dnstk-wire --rr > /dev/full'
	assert_failure 3
	assert_output --partial "cannot write output"
}

@test "an unknown short option exits 2 and names it" {
	for t in $(tools); do
		run --separate-stderr "$t" -Q
		assert_failure 2
		[[ $stderr == "$t: unknown option '-Q'"* ]] || fail "$t: $stderr"
	done
}

@test "an option that needs a value, given none, exits 2 and names it" {
	for t in $(tools); do
		o=$("$t" --dnstk-options | awk -F'\t' '$1=="option" && $4=="required" {print $3; exit}')
		[ -n "$o" ] || continue
		run --separate-stderr "$t" "--$o"
		assert_failure 2
		[[ $stderr == "$t: option '--$o' needs a value"* ]] || fail "$t: $stderr"
	done
}

@test "the option dump lists the summary and every option of --help" {
	for t in $(tools); do
		run "$t" --dnstk-options
		assert_success
		assert_line --index 0 --regexp '^summary	.'
		for o in $("$t" --help | grep -oE -- '--[a-z0-9-]+' | sort -u); do
			grep -q "	${o#--}	" <<<"$output" || fail "$t: dump lacks $o"
		done
	done
}
