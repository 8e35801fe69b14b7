/*
 * secret.c: the one list of names that look like secrets (lint's secret
 * and secret-copied, check --fail-on-secret, suggest).
 */
#include <string.h>

#include "ctxpack_int.h"

static const char *secret_names[] = { ".env", "id_rsa", "id_dsa", "id_ecdsa",
    "id_ed25519", ".npmrc", ".netrc", ".pypirc", "kubeconfig",
    "credentials.json", ".git-credentials", ".dockercfg" };
static const char *secret_suffixes[] = { ".pem", ".key", ".p12", ".pfx",
    ".tfstate", ".tfstate.backup", ".keystore", ".jks" };

int
ctx_is_secret(const char *name, const char *path, int isdir)
{
	size_t i, n = strlen(name);

	if (isdir)
		return strcmp(name, ".aws") == 0 || strcmp(name, ".ssh") == 0 ||
		    strcmp(name, ".gnupg") == 0;
	if (strcmp(path, ".kube/config") == 0 ||
	    (strncmp(name, ".env.", 5) == 0 && strstr(name, "example") == NULL &&
	    strstr(name, "sample") == NULL && strstr(name, "template") == NULL))
		return 1;
	for (i = 0; i < sizeof(secret_names) / sizeof(secret_names[0]); i++)
		if (strcmp(name, secret_names[i]) == 0)
			return 1;
	for (i = 0; i < sizeof(secret_suffixes) / sizeof(secret_suffixes[0]);
	    i++) {
		size_t k = strlen(secret_suffixes[i]);

		if (n > k && strcmp(name + n - k, secret_suffixes[i]) == 0)
			return 1;
	}
	return 0;
}
