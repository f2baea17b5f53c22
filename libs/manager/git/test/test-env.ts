export const TEST_RUN_ENV = 'WHARF_GIT_TEST_RUN';
export const TEST_IMAGE_ENV = 'WHARF_GIT_TEST_IMAGE';
export const TEST_IMAGE_REPO = 'wharf-test/git';
export const TEST_LABEL = 'wharf.test';
