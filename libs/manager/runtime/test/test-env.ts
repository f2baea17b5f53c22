export const TEST_RUN_ENV = 'WHARF_RUNTIME_TEST_RUN';
export const TEST_IMAGE_ENV = 'WHARF_RUNTIME_TEST_IMAGE';
export const TEST_IMAGE_REPO = 'wharf-test/runtime';
export const TEST_LABEL = 'wharf.test';
