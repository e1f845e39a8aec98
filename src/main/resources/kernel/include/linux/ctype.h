/* include/linux/ctype.h: the character classes, as functions (lib/ctype.c) rather than the real table lookups. */
int isdigit(int c);
int isxdigit(int c);
int isspace(int c);
int isupper(int c);
int islower(int c);
int isalpha(int c);
int isalnum(int c);
int isprint(int c);
int ispunct(int c);
int tolower(int c);
#define _tolower(c) ((c) | 0x20)	/* no check that c is a letter: for hex digits and 'x' */
int toupper(int c);
