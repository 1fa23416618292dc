/*
 * outfile.c - output files written whole or not at all, and only over a
 * regular file (outfile.h).
 *
 * A rename() replaces whatever name it is given: a symbolic link, a FIFO, a
 * device node (as root, /dev/null became a regular file), the store itself.
 * So the target is looked at with lstat() before the temporary file is made
 * and again just before the rename, and only a regular file (or nothing) is
 * replaced.  The temporary file is made by mkostemp() next to the target (so
 * the rename stays within one file system), with an unpredictable name,
 * O_EXCL and mode 0600; a guessable name could be planted in advance as a
 * symbolic link.
 *
 * Temporary files still open are listed in a small table that the signal
 * handler walks, unlinking each (unlink() is async-signal-safe), before
 * the signal is raised again with its default action.
 */
#define _GNU_SOURCE /* mkostemp */
#include "outfile.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct co_outfile {
	FILE *f;
	char *path;   /* the target, owned */
	char *tmp;    /* the temporary file, owned; NULL for a stream */
	int slot;     /* index in live_tmp, or -1 */
};

/* ---- temporary files removed on a fatal signal ---- */

#define MAX_LIVE 32
static char *volatile live_tmp[MAX_LIVE];
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
static int handlers_installed;

static void remove_live_and_reraise(int sig)
{
	for (int i = 0; i < MAX_LIVE; i++)
		if (live_tmp[i])
			unlink(live_tmp[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Installs the handler for each signal whose action is still the default
 * (a program that handles a signal itself keeps its handler). */
static void install_handlers(void)
{
	if (handlers_installed)
		return;
	handlers_installed = 1;
	for (size_t i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++) {
		struct sigaction old, act;
		if (sigaction(cleanup_signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL ||
		    (old.sa_flags & SA_SIGINFO))
			continue;
		memset(&act, 0, sizeof(act));
		act.sa_handler = remove_live_and_reraise;
		sigemptyset(&act.sa_mask);
		sigaction(cleanup_signals[i], &act, NULL);
	}
}

/* Adds or removes a temporary path with the signals blocked, so that the
 * handler never sees a half-written slot. */
static int live_set(int slot, char *path)
{
	sigset_t all, old;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if (slot < 0)
		for (int i = 0; i < MAX_LIVE && slot < 0; i++)
			if (!live_tmp[i])
				slot = i;
	if (slot >= 0)
		live_tmp[slot] = path;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return slot;
}

/* Creates the temporary file and lists it with the signals blocked: a
 * signal that came between the two would leave the file behind (CI saw
 * exactly that: a SIGTERM sent as soon as the file appeared). */
static int create_listed(co_outfile *o)
{
	sigset_t all, old;
	int fd, err;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	fd = mkostemp(o->tmp, O_CLOEXEC);
	err = errno;
	if (fd >= 0)
		o->slot = live_set(-1, o->tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = err;
	return fd;
}

/* ---- checks on the target ---- */

static int is_stream_path(const char *path)
{
	return strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0;
}

static const char *file_type(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* 1 if `st` is the file at `base` + `suffix`. */
static int same_file(const struct stat *st, const char *base, const char *suffix)
{
	char name[4096];
	struct stat other;

	if (snprintf(name, sizeof(name), "%s%s", base, suffix) >= (int)sizeof(name))
		return 0;
	return stat(name, &other) == 0 && other.st_dev == st->st_dev && other.st_ino == st->st_ino;
}

co_status co_outfile_check(const char *path, co_store *store)
{
	struct stat st;

	if (!path[0])
		return co_error_set(CO_EIO, "cannot write '': the output path is empty");
	if (lstat(path, &st) != 0)
		return CO_OK; /* nothing there yet (a missing folder fails at mkostemp) */
	if (!S_ISREG(st.st_mode))
		return co_error_set(CO_EIO, "cannot write %s: it is %s, and an output replaces only "
		                    "a regular file (name a new file, or '-' for stdout)", path,
		                    file_type(st.st_mode));
	if (store && strcmp(co_store_path(store), ":memory:") != 0) {
		const char *db = co_store_path(store);
		if (same_file(&st, db, "") || same_file(&st, db, "-wal") ||
		    same_file(&st, db, "-shm") || same_file(&st, db, "-journal"))
			return co_error_set(CO_EIO, "cannot write %s: it is the store this command "
			                    "reads (%s); name another file", path, db);
	}
	return CO_OK;
}

/* ---- open and close ---- */

static co_status open_stream(co_outfile *o)
{
	o->f = stdout;
	return CO_OK;
}

static co_status open_temporary(co_outfile *o)
{
	const char *slash = strrchr(o->path, '/');
	size_t dir_len = slash ? (size_t)(slash - o->path) + 1 : 0;
	size_t n = strlen(o->path) + 16;
	int fd;

	if (!(o->tmp = malloc(n)))
		return co_error_set(CO_ENOMEM, "out of memory");
	/* ".NAME.XXXXXX" in the target's folder: hidden, and on its file system. */
	snprintf(o->tmp, n, "%.*s.%s.XXXXXX", (int)dir_len, o->path, o->path + dir_len);
	install_handlers();
	if ((fd = create_listed(o)) < 0) {
		co_status status = co_error_set(CO_EIO, "cannot write %s: %s", o->path,
		                                strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return status;
	}
	if (!(o->f = fdopen(fd, "wb"))) {
		close(fd);
		return co_error_set(CO_EIO, "cannot write %s: %s", o->path, strerror(errno));
	}
	return CO_OK;
}

co_status co_outfile_open(co_outfile **out, const char *path, co_store *store)
{
	co_outfile *o;
	co_status status;

	*out = NULL;
	if (!is_stream_path(path) && (status = co_outfile_check(path, store)) != CO_OK)
		return status;
	if (!(o = calloc(1, sizeof(*o))) || !(o->path = strdup(path))) {
		free(o);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	o->slot = -1;
	status = is_stream_path(path) ? open_stream(o) : open_temporary(o);
	if (status != CO_OK) {
		co_outfile_close(o, status);
		return status;
	}
	*out = o;
	return CO_OK;
}

FILE *co_outfile_stream(co_outfile *file)
{
	return file->f;
}

const char *co_outfile_temp_path(const co_outfile *file)
{
	return file->tmp;
}

int co_outfile_is_stream(const co_outfile *file)
{
	return file->tmp == NULL;
}

/* Flushes, syncs and closes the temporary file; renames it over the target. */
static co_status commit(co_outfile *o)
{
	int failed = fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0;
	int err = errno;
	struct stat st;

	if (fclose(o->f) != 0 && !failed) {
		failed = 1;
		err = errno;
	}
	o->f = NULL;
	if (failed)
		return co_error_set(CO_EIO, "cannot write %s: %s", o->path, strerror(err ? err : EIO));
	/* Something may have been put there since the open. */
	if (lstat(o->path, &st) == 0 && !S_ISREG(st.st_mode))
		return co_error_set(CO_EIO, "cannot write %s: it became %s while being written",
		                    o->path, file_type(st.st_mode));
	if (rename(o->tmp, o->path) != 0)
		return co_error_set(CO_EIO, "cannot write %s: %s", o->path, strerror(errno));
	return CO_OK;
}

co_status co_outfile_close(co_outfile *file, co_status status)
{
	if (!file)
		return status;
	if (!file->tmp) {
		if (file->f && status == CO_OK && (fflush(file->f) != 0 || ferror(file->f)))
			status = co_error_set(CO_EIO, "cannot write to stdout: %s", strerror(errno));
	} else {
		if (status == CO_OK)
			status = commit(file);
		if (file->f)
			fclose(file->f);
		if (status != CO_OK)
			unlink(file->tmp);
		if (file->slot >= 0)
			live_set(file->slot, NULL);
		free(file->tmp);
	}
	free(file->path);
	free(file);
	return status;
}

void co_outfile_csv_field(FILE *out, const char *text, int first)
{
	if (!first)
		fputc(',', out);
	if (strpbrk(text, ",\"\r\n"))
		csv_fwrite(out, text, strlen(text));
	else
		fputs(text, out);
}
