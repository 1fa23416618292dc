#!/usr/bin/Rscript
# Gould-Fernandez brokerage roles of tests/fixtures/brokerage/ from R's sna
# (Debian r-cran-sna), written to tests/fixtures/expected/gaps_brokerage.csv
# for tests/unit/test_gaps.c.  The network follows coalition's convention
# (gaps.h): collaboration ties only (the friction tie is left out), a
# directed tie is source -> target, an undirected tie (directed = 0) is an
# edge in both directions, parallel ties are one edge.  Groups are org kinds.
#
# Run from the repository root, after tests/reference/gaps_expected.py:
#   Rscript tests/reference/brokerage_expected.R
suppressMessages(library(sna))
orgs <- read.csv("tests/fixtures/brokerage/orgs.csv", stringsAsFactors = FALSE)
ties <- read.csv("tests/fixtures/brokerage/ties.csv", stringsAsFactors = FALSE)
orgs <- orgs[order(orgs$key, method = "radix"), ]
n <- nrow(orgs)
g <- matrix(0, n, n)
index <- function(key) match(key, orgs$key)
for (i in seq_len(nrow(ties))) {
  if (ties$sign[i] < 0) next
  s <- index(ties$source[i])
  t <- index(ties$target[i])
  g[s, t] <- 1
  if (ties$directed[i] == 0) g[t, s] <- 1
}
b <- brokerage(g, orgs$kind)
raw <- b$raw.nli
out <- data.frame(key = orgs$key, w_I = raw[, "w_I"], w_O = raw[, "w_O"],
                  b_IO = raw[, "b_IO"], b_OI = raw[, "b_OI"], b_O = raw[, "b_O"],
                  t = raw[, "t"])
write.csv(out, "tests/fixtures/expected/gaps_brokerage.csv", row.names = FALSE, quote = FALSE)
