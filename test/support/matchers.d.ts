// The aws-sdk-client-mock-jest matchers (loaded by jest's setupFilesAfterEnv) for the type checker.
import 'aws-sdk-client-mock-jest';
