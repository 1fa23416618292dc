# Expected Kaplan-Meier curves and log-rank test for tests/unit/test_stats.c,
# from R's survival package (r-cran-survival).  Reads
# tests/fixtures/stats/survival.csv and writes stats_km.csv and
# stats_logrank.csv in tests/fixtures/expected/.  Run: Rscript tests/reference/survival_expected.R
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
fixture <- file.path(dirname(normalizePath(script)), "..", "fixtures", "stats")
d <- read.csv(file.path(fixture, "survival.csv"))
rows <- list()
add_curve <- function(fit, label) {
  s <- summary(fit, censored = FALSE)
  data.frame(group = label, t = s$time, survival = sprintf("%.17g", s$surv),
             at_risk = s$n.risk, events = s$n.event)
}
all <- add_curve(survfit(Surv(time, event) ~ 1, data = d), "all")
g0 <- add_curve(survfit(Surv(time, event) ~ 1, data = d[d$group == 0, ]), "0")
g1 <- add_curve(survfit(Surv(time, event) ~ 1, data = d[d$group == 1, ]), "1")
write.csv(rbind(all, g0, g1), file.path(fixture, "..", "expected", "stats_km.csv"), row.names = FALSE, quote = FALSE)
lr <- survdiff(Surv(time, event) ~ group, data = d)
df <- length(lr$n) - 1
p <- pchisq(lr$chisq, df, lower.tail = FALSE)
write.csv(data.frame(chi2 = sprintf("%.17g", lr$chisq), df = df, p = sprintf("%.17g", p)),
          file.path(fixture, "..", "expected", "stats_logrank.csv"), row.names = FALSE, quote = FALSE)
