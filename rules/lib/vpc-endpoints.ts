/**
 * Which AWS services a VPC reaches through its own VPC endpoints: the one judgement the
 * vpc-endpoints gate's rules share, so the gateway and interface rules cannot drift apart on what
 * counts as a working endpoint.
 */
import type { ConfigurationItem } from '../../model/configuration-item.js';

type Endpoint = ConfigurationItem<'AWS::EC2::VPCEndpoint'>;

/** The endpoint types the gate judges, as EC2 writes `vpcEndpointType`. */
export type EndpointType = 'Gateway' | 'Interface';

/** Endpoint states in which an endpoint carries no traffic, now or soon. */
const DEAD_STATES = new Set(['deleting', 'deleted', 'rejected', 'failed', 'expired']);

/** The service name of an AWS service's endpoint in a Region: `com.amazonaws.<region>.<service>`. */
export function awsServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/**
 * True when `endpoint` is of `type` (compared case-insensitively), serves exactly `serviceName`,
 * and is not in a state that carries no traffic. A pending endpoint counts: it is on its way.
 */
export function isLiveEndpoint(endpoint: Endpoint, type: EndpointType, serviceName: string): boolean {
  const { vpcEndpointType, state } = endpoint.configuration;
  return (
    vpcEndpointType?.toLowerCase() === type.toLowerCase() &&
    endpoint.configuration.serviceName === serviceName &&
    !DEAD_STATES.has(state?.toLowerCase() ?? '')
  );
}

/**
 * The services of `services`, in order and without repeats, that none of `endpoints` serves in
 * `region` with a live endpoint of `type`.
 */
export function servicesWithoutEndpoint(
  endpoints: readonly Endpoint[],
  type: EndpointType,
  region: string,
  services: readonly string[],
): string[] {
  return [...new Set(services)].filter(
    (service) => !endpoints.some((endpoint) => isLiveEndpoint(endpoint, type, awsServiceName(region, service))),
  );
}
