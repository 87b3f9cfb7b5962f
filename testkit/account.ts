/** The account and Region of the test fixtures and the mocked account. */
export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
