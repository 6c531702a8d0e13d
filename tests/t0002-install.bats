#!/usr/bin/env bats
# make install / uninstall put binaries, man pages and completions under
# DESTDIR+PREFIX and take them away again.

setup() {
	load helpers/common
}

@test "make install and make uninstall with DESTDIR and PREFIX" {
	dest=$BATS_TEST_TMPDIR/root
	run make -s -C "$DNSTK_TOP" BUILD="$DNSTK_BUILD" DESTDIR="$dest" \
	    PREFIX=/opt/dnstk install
	assert_success
	for t in $(ls "$DNSTK_BUILD/bin"); do
		[ -x "$dest/opt/dnstk/bin/$t" ] || fail "no $t"
		[ -f "$dest/opt/dnstk/share/man/man1/$t.1" ] || fail "no $t.1"
		[ -f "$dest/opt/dnstk/share/fish/vendor_completions.d/$t.fish" ] ||
		    fail "no fish completion for $t"
		[ -e "$dest/opt/dnstk/share/bash-completion/completions/$t" ] ||
		    fail "no bash completion for $t"
	done
	[ -f "$dest/opt/dnstk/share/zsh/site-functions/_dnstk" ]
	# The installed front end finds the installed tools beside it.
	run "$dest/opt/dnstk/bin/dnstk" wire --version
	assert_success
	assert_output --regexp '^dnstk-wire '
	run make -s -C "$DNSTK_TOP" BUILD="$DNSTK_BUILD" DESTDIR="$dest" \
	    PREFIX=/opt/dnstk uninstall
	assert_success
	run find "$dest" -type f
	assert_output ""
}
