/* placeholder: replaced by the native helper implementation */
int main(void) { return 0; }
