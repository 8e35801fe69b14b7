# test/gitdiff/gitdiff.mk: the differential test of src/gitignore.c
# against git.  Included from the top Makefile, which provides CC,
# ALL_CFLAGS, CFLAGS, LDFLAGS and the `%.o: %.c` rule that builds
# src/gitignore.o.
#
#	make test/gitdiff/gitdiff	the driver
#	make gitdiff-check		200 random cases (needs git, sh)
#	make gitdiff-check GITDIFF_N=5000 GITDIFF_SEED=7
#	make gitdiff-clean

GITDIFF_N	?= 200
GITDIFF_SEED	?= 1
GITDIFF_OBJ	= test/gitdiff/gitdiff.o src/gitignore.o

test/gitdiff/gitdiff.o: test/gitdiff/gitdiff.c
	$(CC) $(ALL_CFLAGS) -c -o $@ test/gitdiff/gitdiff.c

test/gitdiff/gitdiff: $(GITDIFF_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(GITDIFF_OBJ)

gitdiff-check: test/gitdiff/gitdiff
	sh test/gitdiff/run.sh test/gitdiff/gitdiff $(GITDIFF_N) $(GITDIFF_SEED)

# src/gitignore.o belongs to the library: `make clean` removes it.
gitdiff-clean:
	rm -f test/gitdiff/gitdiff test/gitdiff/gitdiff.o test/gitdiff/gitdiff.d

.PHONY: gitdiff-check gitdiff-clean
-include test/gitdiff/gitdiff.d src/gitignore.d
