/**
 * Every live collector. The LiveSource runs only those producing a type the selected rules read.
 */
import type { Collector } from '../collector.js';
import { ec2VolumesCollector } from './ec2-volumes.js';

export const collectors: readonly Collector[] = [ec2VolumesCollector];
