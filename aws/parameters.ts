/** An SSM parameter's text (SecureString decrypted); empty when the parameter has no value. */
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

export async function readParameter(ssm: SSMClient, name: string): Promise<string> {
  const answer = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  return answer.Parameter?.Value ?? '';
}
