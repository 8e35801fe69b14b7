# mk/gitdiff.mk: the differential test of src/lib/gitignore.c
# against git.  Included from the top Makefile, which provides CC,
# ALL_CFLAGS, CFLAGS, LDFLAGS and the `%.o: %.c` rule that builds
# src/lib/gitignore.o.
#
#	make test/conformance/gitdiff/gitdiff	the driver
#	make gitdiff-check		200 random cases (needs git, sh)
#	make gitdiff-check GITDIFF_N=5000 GITDIFF_SEED=7
#	make gitdiff-clean

GITDIFF_N	?= 200
GITDIFF_SEED	?= 1
GITDIFF_OBJ	= test/conformance/gitdiff/gitdiff.o src/lib/gitignore.o

test/conformance/gitdiff/gitdiff.o: test/conformance/gitdiff/gitdiff.c
	$(CC) $(ALL_CFLAGS) -c -o $@ test/conformance/gitdiff/gitdiff.c

test/conformance/gitdiff/gitdiff: $(GITDIFF_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(GITDIFF_OBJ)

gitdiff-check: test/conformance/gitdiff/gitdiff
	sh test/conformance/gitdiff/run.sh test/conformance/gitdiff/gitdiff $(GITDIFF_N) $(GITDIFF_SEED)

# src/lib/gitignore.o belongs to the library: `make clean` removes it.
gitdiff-clean:
	rm -f test/conformance/gitdiff/gitdiff test/conformance/gitdiff/gitdiff.o test/conformance/gitdiff/gitdiff.d

.PHONY: gitdiff-check gitdiff-clean
-include test/conformance/gitdiff/gitdiff.d src/lib/gitignore.d
