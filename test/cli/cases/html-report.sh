. "${0%/*}/../lib.sh"
# report --html: the page, self-contained; - for standard output; an
# unwritable file is an error
sample
"$CTXPACK" report -q --html ../page.html . > /dev/null; echo "exit $?"
grep -c '<svg ' ../page.html
grep -c 'class="n heavy' ../page.html | sed 's/^[1-9][0-9]*$/some heavy rectangles/'
grep -c 'class="n used' ../page.html | sed 's/^[1-9][0-9]*$/some rectangles read by the Dockerfile/'
grep -c 'read by the Dockerfile</div>' ../page.html
grep -o 'Content-Security-Policy" content="[^"]*"' ../page.html
grep -o '<pre>.*' ../page.html | head -n 1
"$CTXPACK" report -q --html - . | head -n 1
"$CTXPACK" report -q --html /nonexistent/dir/p.html . > /dev/null; echo "exit $?"
"$CTXPACK" report -q --html - --top 2 empty-does-not-exist; echo "exit $?"
